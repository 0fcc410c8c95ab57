import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrate } from './migrations.ts';
import { nodeSqliteDialect } from './node-sqlite-dialect.ts';
import type { Database } from './schema.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the store at `databaseUrl` (postgres://… or a SQLite file path / file: URL) and migrates it. */
export async function openStore(databaseUrl: string): Promise<Store> {
  const kind: StoreKind = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  let db: Kysely<Database>;
  if (kind === 'postgres') {
    // Loaded only when used: most installations run on SQLite.
    const { default: pg } = await import('pg');
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 10 }) }),
    });
  } else {
    const path = databaseUrl.startsWith('file:') ? new URL(databaseUrl).pathname : databaseUrl;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Kysely<Database>({ dialect: nodeSqliteDialect(path) });
  }
  await migrate(db as unknown as Kysely<unknown>, kind);
  return {
    db,
    kind,
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
