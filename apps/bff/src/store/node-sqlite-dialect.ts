import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

function toInput(value: unknown): SQLInputValue {
  if (value === null || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string')
    return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`cannot bind a ${typeof value} to SQLite`);
}

/** Adapts a node:sqlite statement to the better-sqlite3-shaped interface Kysely's SqliteDialect expects. */
function adapt(statement: StatementSync): SqliteStatement {
  const bind = (parameters: readonly unknown[]): SQLInputValue[] => parameters.map(toInput);
  return {
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...bind(parameters)),
    run: (parameters) => statement.run(...bind(parameters)),
    iterate: (parameters) => statement.iterate(...bind(parameters)),
  };
}

const MAX_PREPARED = 500;

/** Kysely over Node's built-in SQLite (no native addon to build). */
export function nodeSqliteDialect(path: string): SqliteDialect {
  return new SqliteDialect({
    database: (): Promise<SqliteDatabase> => {
      const db = new DatabaseSync(path);
      // WAL with synchronous=NORMAL: a commit survives the process being killed (SIGKILL mid-job included) and costs
      // no fsync; only a power cut may lose the last commits.
      db.exec(
        'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
      );
      // The same few statements run on every request: each is prepared once.
      const prepared = new Map<string, SqliteStatement>();
      return Promise.resolve({
        close: () => {
          db.close();
        },
        prepare: (sql) => {
          let statement = prepared.get(sql);
          if (statement === undefined) {
            statement = adapt(db.prepare(sql));
            if (prepared.size < MAX_PREPARED) prepared.set(sql, statement);
          }
          return statement;
        },
      });
    },
  });
}
