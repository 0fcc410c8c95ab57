import type { Session } from '@mdm-console/contract';
import { createHash, randomBytes } from 'node:crypto';
import type { AccountRecord } from '../store/accounts-repository.ts';
import type { SessionChange, SessionChanges } from '../store/session-changes.ts';
import type { SessionsRepository, StoredSession } from '../store/sessions-repository.ts';
import type { Clock } from './clock.ts';
import { accessOf } from './access.ts';

export interface ActiveSession {
  account: AccountRecord;
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  idleExpiresAt: number;
}

const hashId = (id: string): string => createHash('sha256').update(id).digest('base64url');
// Writing last-seen on every request would make each read a write: it is refreshed at most this often.
const TOUCH_EVERY_MS = 15_000;
// A cached session is read again after this even if no change was heard (a safety net, not the mechanism).
const CACHE_MS = 10_000;
const CACHE_ENTRIES = 10_000;

/** Server-side sessions: a 128-bit random id in the cookie, only its hash stored; idle and absolute expiry. */
export class Sessions {
  private readonly repository: SessionsRepository;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly clock: Clock;
  private readonly changes: SessionChanges;
  /**
   * Sessions read lately, so that a request need not ask the database (a round trip per request with several
   * processes on PostgreSQL). Trusted only while every change is heard; any change drops what it touches.
   */
  private readonly cache = new Map<string, { stored: StoredSession; until: number }>();
  private generation = 0;

  constructor(
    repository: SessionsRepository,
    options: { idleMs: number; absoluteMs: number; clock: Clock; changes: SessionChanges },
  ) {
    this.repository = repository;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
    this.clock = options.clock;
    this.changes = options.changes;
    this.changes.subscribe((change) => {
      this.forget(change);
    });
  }

  private forget(change: SessionChange): void {
    this.generation += 1;
    if (change.kind === 'all') this.cache.clear();
    else if (change.kind === 'session') this.cache.delete(change.idHash);
    else
      for (const [idHash, entry] of this.cache)
        if (entry.stored.account.id === change.accountId) this.cache.delete(idHash);
  }

  /** The stored session, from the cache when allowed and trusted, else from the database (and then cached). */
  private async read(idHash: string, cached: boolean): Promise<StoredSession | undefined> {
    const hit = this.cache.get(idHash);
    if (cached && hit && this.changes.live && hit.until > performance.now()) return hit.stored;
    const generation = this.generation;
    const stored = await this.repository.find(idHash);
    // A change heard while reading may be newer than what was read: then it is not cached.
    if (stored && this.changes.live && generation === this.generation) {
      if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value ?? '');
      this.cache.set(idHash, { stored, until: performance.now() + CACHE_MS });
    } else this.cache.delete(idHash);
    return stored;
  }

  private ended(stored: StoredSession, now: number): boolean {
    const { createdAt, lastSeenAt, account } = stored;
    return now - lastSeenAt >= this.idleMs || now - createdAt >= this.absoluteMs || account.disabled;
  }

  get absoluteLifetimeMs(): number {
    return this.absoluteMs;
  }

  async create(accountId: number): Promise<string> {
    const id = randomBytes(16).toString('base64url');
    await this.repository.insert({ idHash: hashId(id), accountId, at: this.clock() });
    return id;
  }

  /** The session of this id if it is alive (and its account enabled); expired ones are deleted. */
  async resolve(id: string): Promise<ActiveSession | undefined> {
    const idHash = hashId(id);
    const now = this.clock();
    let stored = await this.read(idHash, true);
    // Another process may have seen the session since it was cached: an end is decided from the database.
    if (stored && this.ended(stored, now)) stored = await this.read(idHash, false);
    if (!stored) return undefined;
    if (this.ended(stored, now)) {
      await this.destroyByHash(idHash);
      return undefined;
    }
    const { createdAt, lastSeenAt, account } = stored;
    let seen = lastSeenAt;
    if (now - lastSeenAt >= TOUCH_EVERY_MS) {
      await this.repository.touch(idHash, now);
      seen = now;
      const entry = this.cache.get(idHash);
      if (entry) entry.stored = { ...entry.stored, lastSeenAt: now };
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

  /** Sessions alive now, every process's. */
  async countAlive(): Promise<number> {
    const now = this.clock();
    return this.repository.countAlive(now - this.idleMs, now - this.absoluteMs);
  }

  async destroy(id: string): Promise<void> {
    await this.destroyByHash(hashId(id));
  }

  /** Ends every session of an account (its access was withdrawn). */
  async destroyAllOf(accountId: number): Promise<void> {
    await this.repository.deleteForAccount(accountId);
  }

  async destroyByHash(idHash: string): Promise<void> {
    await this.repository.delete(idHash);
  }
}

/** The session as the API shows it: never a secret. Role and permissions are those of the space the user works in. */
export function describeSession(session: ActiveSession, spaceId: number | null): Session {
  const { account } = session;
  const access = accessOf(account);
  return {
    user: { id: account.id, email: account.email, source: account.identity ? 'oidc' : 'local' },
    role: (spaceId === null ? null : access.roleIn(spaceId)) ?? access.topRole,
    permissions: access.permissionsIn(spaceId),
    spaces: access.spaces,
    assignments: [...access.assignments],
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
    spaceId,
  };
}
