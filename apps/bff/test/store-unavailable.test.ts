import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../src/store/unavailable.ts';

const dir = mkdtempSync(join(tmpdir(), 'mdm-unavailable-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The error node:sqlite throws when another connection holds the file. */
function sqliteLockError(): unknown {
  const file = join(dir, 'locked.sqlite');
  const holder = new DatabaseSync(file);
  const other = new DatabaseSync(file);
  holder.exec('create table if not exists t (x); begin exclusive; insert into t values (1)');
  try {
    other.exec('insert into t values (2)');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    holder.exec('rollback');
    holder.close();
    other.close();
  }
}

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('a database that cannot be reached, told from a query that is wrong', () => {
  it.each([
    ['PostgreSQL shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL starting (57P03)', withCode('57P03')],
    ['too many connections (53300)', withCode('53300')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['the cause of a wrapping error', new Error('query failed', { cause: withCode('ECONNRESET') })],
    ['a SQLite file held by another connection', sqliteLockError()],
  ])('when the error is %s, then the store is unavailable', (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ['a syntax error (42601)', withCode('42601', 'syntax error at or near "selec"')],
    ['a unique violation (23505)', withCode('23505')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error at all', 'oops'],
  ])('when the error is %s, then it is not', (_name, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });
});
