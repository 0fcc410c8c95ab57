import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { StoreListener } from './store-listener.ts';

/** What changed about sessions in the store: one session, every session of an account, or anything at all. */
export type SessionChange =
  { kind: 'session'; idHash: string } | { kind: 'account'; accountId: number } | { kind: 'all' };

/**
 * Tells each process of the session and account changes that any process makes, so that a per-process cache of
 * sessions can drop what changed. A cache may be trusted only while `live`: whenever changes might have been missed
 * (not yet listening, connection lost), listeners get `all` and `live` is false.
 */
export interface SessionChanges {
  readonly live: boolean;
  subscribe(listener: (change: SessionChange) => void): void;
  /**
   * Tells this process's listeners of a change it has just committed, at once: its own notice comes back later, and
   * a request made in between (a space chosen, then a search) must not be answered from the old session.
   */
  madeHere(change: SessionChange): void;
}

export const SESSION_CHANNEL = 'mdm_sessions';

const payloadOf = (change: SessionChange): string =>
  change.kind === 'session'
    ? `session:${change.idHash}`
    : change.kind === 'account'
      ? `account:${String(change.accountId)}`
      : 'all';

function changeOf(payload: string): SessionChange {
  const [kind, value = ''] = payload.split(':');
  if (kind === 'session' && value !== '') return { kind: 'session', idHash: value };
  if (kind === 'account' && /^\d+$/.test(value)) return { kind: 'account', accountId: Number(value) };
  return { kind: 'all' };
}

/** Announces a change inside the transaction that makes it (PostgreSQL delivers it at commit, or never). */
export async function announce(db: Kysely<Database>, change: SessionChange): Promise<void> {
  await sql`select pg_notify(${SESSION_CHANNEL}, ${payloadOf(change)})`.execute(db);
}

/** SQLite: one process, whose store is read in microseconds; nothing is cached, so nothing needs telling. */
export const noSessionChanges = (): SessionChanges => ({
  live: false,
  subscribe: () => undefined,
  madeHere: () => undefined,
});

/** PostgreSQL: the changes every process announces, heard on the store's listener. */
export function sessionChangesFrom(listener: StoreListener): SessionChanges {
  const handlers: ((change: SessionChange) => void)[] = [];
  return {
    get live() {
      return listener.live;
    },
    madeHere: (change) => {
      for (const handler of handlers) handler(change);
    },
    subscribe: (handler) => {
      handlers.push(handler);
      listener.on(SESSION_CHANNEL, (payload) => {
        handler(changeOf(payload));
      });
      listener.onReset(() => {
        handler({ kind: 'all' });
      });
    },
  };
}
