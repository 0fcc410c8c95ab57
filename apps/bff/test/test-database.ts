import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database when the suite runs on PostgreSQL; '' on SQLite. */
    postgresUrl: string;
  }
}

export interface TestDatabase {
  /** DATABASE_URL for the BFF: a SQLite file, or a database of its own on the run's PostgreSQL cluster. */
  url: string;
  kind: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** Which store this run of the suite uses (the BFF's suites run once on each). */
export const storeKind = (): 'sqlite' | 'postgres' => (inject('postgresUrl') === '' ? 'sqlite' : 'postgres');

async function onCluster(statement: string): Promise<void> {
  const client = new pg.Client(inject('postgresUrl'));
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty database for one harness: nothing is shared between test files. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (storeKind() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mdm-bff-'));
    return {
      url: join(dir, 'test.sqlite'),
      kind: 'sqlite',
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `test_${randomBytes(6).toString('hex')}`;
  await onCluster(`create database ${name}`);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), kind: 'postgres', drop: () => onCluster(`drop database ${name} with (force)`) };
}
