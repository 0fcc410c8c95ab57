import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { StoreListener } from './store-listener.ts';

/**
 * Changes made to the tenant through any process of the console (an edit, an action, a job's chunk), so that each
 * process drops the vendor answers it keeps: a device edited through one process reads edited on the next request,
 * whichever process serves it.
 */
export interface TenantChanges {
  /** True while every process's changes are heard: only then may an answer be kept for long. */
  readonly live: boolean;
  /** Tells the other processes that this one changed the tenant; settles once they can have heard it. */
  announce(): Promise<void>;
  /** `listener` runs on another process's change, and whenever changes may have been missed. */
  subscribe(listener: () => void): void;
}

export const TENANT_CHANNEL = 'mdm_tenant_changes';

/** A notice that could not be sent is tried again this often until it is. */
const NOTICE_RETRY_MS = 1_000;

/** SQLite: one process, which drops its own answers itself; there is no one else to tell or hear. */
export const ownTenantChanges = (): TenantChanges => ({
  live: true,
  announce: () => Promise.resolve(),
  subscribe: () => undefined,
});

/** PostgreSQL: announced with NOTIFY on the pool, heard on the store's listener. */
export function tenantChangesFrom(pool: pg.Pool, listener: StoreListener): TenantChanges {
  const self = randomUUID();
  // A job sends chunk after chunk: one notice is in flight at a time, and the next one covers every change made
  // before it is sent.
  let last: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  const announce = (): Promise<void> => {
    if (waiting) return waiting;
    waiting = last.then(() => {
      waiting = undefined;
      return notice();
    });
    last = waiting;
    return waiting;
  };
  // The notice moves the tenant's generation on, which drops the answers every process keeps in the store
  // (shared-answers.ts), and tells the others to drop the ones they keep in memory.
  const notice = (): Promise<void> =>
    pool
      .query(
        'with moved as (update tenant_generation set generation = generation + 1 where id = 1) select pg_notify($1, $2)',
        [TENANT_CHANNEL, self],
      )
      .then(
        () => undefined,
        () => {
          // Not heard (the database is away): the others' listeners have lost it too and drop their answers when they
          // are back. The generation must still move on before the answers kept in the store are read again.
          if (!pool.ending) setTimeout(() => void announce(), NOTICE_RETRY_MS).unref();
        },
      );
  return {
    get live() {
      return listener.live;
    },
    announce,
    subscribe: (handler) => {
      listener.on(TENANT_CHANNEL, (sender) => {
        if (sender !== self) handler();
      });
      listener.onReset(handler);
    },
  };
}
