import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account, Database } from '../store/schema.ts';

export type Clock = () => number;

export interface ActiveSession {
  account: Account;
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  idleExpiresAt: number;
}

const hashId = (id: string): string => createHash('sha256').update(id).digest('base64url');
// Writing last-seen on every request would make each read a write: it is refreshed at most this often.
const TOUCH_EVERY_MS = 15_000;

/** The session and its account in one query, compiled once (it runs on every request); the id hash is its parameter. */
function compiledSessionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'accounts.id',
      'accounts.email',
      'accounts.password_hash',
      'accounts.role',
      'accounts.disabled',
      'accounts.created_at',
      'accounts.space_id',
    ])
    .where('sessions.id_hash', '=', '')
    .compile();
}

/** Server-side sessions: a 128-bit random id in the cookie, only its hash stored; idle and absolute expiry. */
export class Sessions {
  private readonly db: Kysely<Database>;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly clock: Clock;
  private readonly sessionQuery: ReturnType<typeof compiledSessionQuery>;

  constructor(db: Kysely<Database>, options: { idleMs: number; absoluteMs: number; clock?: Clock }) {
    this.db = db;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
    this.clock = options.clock ?? Date.now;
    this.sessionQuery = compiledSessionQuery(db);
  }

  get absoluteLifetimeMs(): number {
    return this.absoluteMs;
  }

  async create(accountId: number): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    const now = this.clock();
    await this.db
      .insertInto('sessions')
      .values({ id_hash: hashId(id), account_id: accountId, created_at: now, last_seen_at: now })
      .execute();
    return id;
  }

  /** The session of this id if it is alive (and its account enabled); expired ones are deleted. */
  async resolve(id: string): Promise<ActiveSession | undefined> {
    const idHash = hashId(id);
    const query: ReturnType<typeof compiledSessionQuery> = { ...this.sessionQuery, parameters: [idHash] };
    const { rows } = await this.db.executeQuery(query);
    const row = rows[0];
    if (!row) return undefined;
    const now = this.clock();
    const createdAt = Number(row.session_created_at);
    const lastSeenAt = Number(row.session_last_seen_at);
    if (now - lastSeenAt >= this.idleMs || now - createdAt >= this.absoluteMs || row.disabled === 1) {
      await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      return undefined;
    }
    const account: Account = {
      id: row.id,
      email: row.email,
      password_hash: row.password_hash,
      role: row.role,
      disabled: row.disabled,
      created_at: row.created_at,
      space_id: row.space_id,
    };
    let seen = lastSeenAt;
    if (now - lastSeenAt >= TOUCH_EVERY_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
      seen = now;
    }
    return {
      account,
      idHash,
      createdAt,
      lastSeenAt: seen,
      expiresAt: createdAt + this.absoluteMs,
      idleExpiresAt: Math.min(seen + this.idleMs, createdAt + this.absoluteMs),
    };
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', hashId(id)).execute();
  }

  async destroyByHash(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }
}
