import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

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
  close(): Promise<void>;
}

export const SESSION_CHANNEL = 'mdm_sessions';

const payloadOf = (change: SessionChange): string =>
  change.kind === 'session'
    ? `session:${change.idHash}`
    : change.kind === 'account'
      ? `account:${String(change.accountId)}`
      : 'all';

function changeOf(payload: string | undefined): SessionChange {
  const [kind, value = ''] = (payload ?? '').split(':');
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
  close: () => Promise.resolve(),
});

const RECONNECT_MS = 1_000;

/** PostgreSQL: a connection of its own LISTENs on the channel, and reconnects when it is lost. */
export function listenForSessionChanges(connectionString: string): SessionChanges {
  const listeners: ((change: SessionChange) => void)[] = [];
  const emit = (change: SessionChange) => {
    for (const listener of listeners) listener(change);
  };
  let live = false;
  let closed = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = (): void => {
    const client = new pg.Client({ connectionString });
    let lost = false;
    const lose = (): void => {
      if (lost) return;
      lost = true;
      live = false;
      emit({ kind: 'all' });
      client.end().catch(() => undefined);
      if (!closed) {
        retry = setTimeout(connect, RECONNECT_MS);
        retry.unref();
      }
    };
    client.on('notification', (message) => {
      emit(changeOf(message.payload));
    });
    client.on('error', lose);
    client.on('end', lose);
    current = client;
    client
      .connect()
      .then(() => client.query(`LISTEN ${SESSION_CHANNEL}`))
      .then(() => {
        // Anything may have changed while nobody listened.
        emit({ kind: 'all' });
        live = !lost && !closed;
      })
      .catch(lose);
  };
  connect();
  return {
    get live() {
      return live;
    },
    subscribe: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      closed = true;
      live = false;
      clearTimeout(retry);
      await current?.end().catch(() => undefined);
    },
  };
}
