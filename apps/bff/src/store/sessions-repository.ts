import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ACCOUNT_COLUMNS, accountRecordSchema } from './accounts-repository.ts';
import { bigintColumn, parseRow } from './columns.ts';
import type { StoreKind } from './db.ts';
import type { Database } from './schema.ts';
import { announce, type SessionChanges } from './session-changes.ts';

const storedSessionSchema = z.object({
  createdAt: bigintColumn,
  lastSeenAt: bigintColumn,
  account: accountRecordSchema,
});
export type StoredSession = z.output<typeof storedSessionSchema>;

/** The session and its account in one query, compiled once (it runs on every request); the id hash is its parameter. */
function compiledSessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      ...ACCOUNT_COLUMNS,
    ])
    .where('sessions.id_hash', '=', '')
    .compile();
}

/** Server-side sessions by the hash of their id (the cookie's value is never stored). */
export class SessionsRepository {
  private readonly db: Kysely<Database>;
  private readonly sessionQuery: ReturnType<typeof compiledSessionQuery>;

  private readonly kind: StoreKind;
  private readonly changes: SessionChanges;

  constructor(db: Kysely<Database>, kind: StoreKind, changes: SessionChanges) {
    this.db = db;
    this.kind = kind;
    this.changes = changes;
    this.sessionQuery = compiledSessionQuery(db);
  }

  async insert(session: { idHash: string; accountId: number; at: number }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: session.idHash,
        account_id: session.accountId,
        created_at: session.at,
        last_seen_at: session.at,
      })
      .execute();
  }

  async find(idHash: string): Promise<StoredSession | undefined> {
    const query: ReturnType<typeof compiledSessionQuery> = { ...this.sessionQuery, parameters: [idHash] };
    const { rows } = await this.db.executeQuery(query);
    const row = rows[0];
    if (!row) return undefined;
    const { session_created_at: createdAt, session_last_seen_at: lastSeenAt, ...account } = row;
    return parseRow(storedSessionSchema, 'sessions', { createdAt, lastSeenAt, account });
  }

  /** Sessions seen since `seenSince` and created since `createdSince` (neither idle nor past their lifetime). */
  async countAlive(seenSince: number, createdSince: number): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('last_seen_at', '>', seenSince)
      .where('created_at', '>', createdSince)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async touch(idHash: string, at: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }

  /** Deletes the session; on PostgreSQL every process hears of it with the commit (their caches drop it). */
  async delete(idHash: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      if (this.kind === 'postgres') await announce(trx, { kind: 'session', idHash });
    });
    this.changes.madeHere({ kind: 'session', idHash });
  }

  /** Deletes every session of an account; on PostgreSQL every process hears of it with the commit. */
  async deleteForAccount(accountId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('account_id', '=', accountId).execute();
      if (this.kind === 'postgres') await announce(trx, { kind: 'account', accountId });
    });
    this.changes.madeHere({ kind: 'account', accountId });
  }
}
