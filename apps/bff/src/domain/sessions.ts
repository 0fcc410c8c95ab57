import type { Session } from '@mdm-console/contract';
import { createHash, randomBytes } from 'node:crypto';
import type { AccountRecord } from '../store/accounts-repository.ts';
import type { SessionsRepository } from '../store/sessions-repository.ts';
import type { Clock } from './clock.ts';
import { PERMISSIONS_BY_ROLE } from './permissions.ts';

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

/** Server-side sessions: a 128-bit random id in the cookie, only its hash stored; idle and absolute expiry. */
export class Sessions {
  private readonly repository: SessionsRepository;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly clock: Clock;

  constructor(repository: SessionsRepository, options: { idleMs: number; absoluteMs: number; clock: Clock }) {
    this.repository = repository;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
    this.clock = options.clock;
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
    const stored = await this.repository.find(idHash);
    if (!stored) return undefined;
    const now = this.clock();
    const { createdAt, lastSeenAt, account } = stored;
    if (now - lastSeenAt >= this.idleMs || now - createdAt >= this.absoluteMs || account.disabled) {
      await this.repository.delete(idHash);
      return undefined;
    }
    let seen = lastSeenAt;
    if (now - lastSeenAt >= TOUCH_EVERY_MS) {
      await this.repository.touch(idHash, now);
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

  /** Sessions alive now, every process's. */
  async countAlive(): Promise<number> {
    const now = this.clock();
    return this.repository.countAlive(now - this.idleMs, now - this.absoluteMs);
  }

  async destroy(id: string): Promise<void> {
    await this.repository.delete(hashId(id));
  }

  async destroyByHash(idHash: string): Promise<void> {
    await this.repository.delete(idHash);
  }
}

/** The session as the API shows it: never a secret. */
export function describeSession(session: ActiveSession): Session {
  const { role } = session.account;
  return {
    user: { id: session.account.id, email: session.account.email },
    role,
    permissions: [...PERMISSIONS_BY_ROLE[role]],
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleExpiresAt: new Date(session.idleExpiresAt).toISOString(),
    spaceId: session.account.spaceId,
  };
}
