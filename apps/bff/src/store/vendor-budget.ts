import type { VendorBudget } from '@mdm-console/mdm-api';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterQueue, RateLimiterRes } from 'rate-limiter-flexible';
import type { StoreListener } from './store-listener.ts';

export interface BudgetLimits {
  /** Requests to the tenant in flight at once, all processes together. */
  maxInFlight: number;
  /** Requests started per second, all processes together. */
  maxPerSecond: number;
  /** The longest one request may last (its timeout): a slot held longer is a dead process's, and lapses. */
  longestRequestMs: number;
}

/** The table rate-limiter-flexible keeps its counters in on PostgreSQL (created by our migrations). */
export const BUDGET_TABLE = 'vendor_budget';

/** Told whenever a slot goes back to the store, so that every process's waiting requests look for it at once. */
export const SLOT_CHANNEL = 'mdm_vendor_slots';

/**
 * How often a waiting process looks at every slot, whatever it was told: slots also come free without a notice (a dead
 * process's lapse), and notices are lost while the store's listener reconnects.
 */
const LOOK_EVERY_MS = { listening: 500, deaf: 100 };

/**
 * Requests per second as several short windows: a fixed one-second window would let twice the budget through
 * around its edge, and the tenant counts its own seconds. With windows of a tenth of the budget, any second holds at
 * most the budget plus one window's share.
 */
function rateWindow(maxPerSecond: number): { points: number; duration: number } {
  const points = Math.max(1, Math.floor(maxPerSecond / 10));
  return { points, duration: points / maxPerSecond };
}

/**
 * A slot passes from one of this process's requests to the next waiting one at most this many times in a row before
 * it goes back to the store, where every process may take it: under load that saves two store round trips per call,
 * and no process keeps a slot from the others for long.
 */
const LOCAL_HANDOVERS = 4;

interface HeldSlot {
  key: string;
  /** When the store's lease on it began; it lapses `leaseMs` later. */
  takenAt: number;
  handovers: number;
}

interface Waiter {
  resolve: (slot: HeldSlot) => void;
  reject: (error: unknown) => void;
}

/**
 * The tenant's request budget shared by every process on one PostgreSQL: rate-limiter-flexible's counters in the
 * store. In flight: one key per slot, each taken with an atomic consume of its single point and given back by
 * deleting it; a slot whose holder died lapses when the longest request would have ended. A slot freed while another
 * request of this process waits goes straight to it (a few times in a row, while its lease lasts); one given back to
 * the store is announced on SLOT_CHANNEL, and the processes waiting for one try that slot at once. (On SQLite there is one
 * process, and mdm-api's own in-memory RequestLimiter keeps the budget.)
 */
export class SharedVendorBudget implements VendorBudget {
  private readonly pool: Pool;
  private readonly slots: RateLimiterPostgres;
  private readonly starts: RateLimiterQueue;
  /** Every slot's key: `slot-0` … one per request the budget lets be in flight. */
  private readonly allSlots: ReadonlySet<string>;
  private readonly leaseMs: number;
  private readonly longestRequestMs: number;
  private readonly listener: StoreListener;
  /**
   * The slots this process has not seen taken since they were last announced as given back (every slot at first, and
   * again now and then): the searcher tries only these, since each try of a taken slot is a round trip for nothing.
   */
  private readonly maybeFree: Set<string>;
  private lastLookAtEvery = Date.now();
  /** The slots this process holds (passed from request to request, or in use). */
  private readonly held = new Set<string>();
  /** This process's requests waiting for a slot, first come first served. */
  private readonly waiters: Waiter[] = [];
  // One search of the store for a free slot at a time per process: the waiters wait here rather than query the store.
  private searching = false;
  // The searcher's pause between rounds, cut short when a slot is given back.
  private wakeSearcher: (() => void) | undefined;

  constructor(pool: Pool, limits: BudgetLimits, listener: StoreListener) {
    this.pool = pool;
    this.listener = listener;
    const make = (options: { keyPrefix: string; points: number; duration: number }) =>
      new RateLimiterPostgres({ ...options, storeClient: pool, tableName: BUDGET_TABLE, tableCreated: true });
    this.allSlots = new Set(Array.from({ length: limits.maxInFlight }, (_, k) => `slot-${String(k)}`));
    this.maybeFree = new Set(this.allSlots);
    this.longestRequestMs = limits.longestRequestMs;
    this.leaseMs = limits.longestRequestMs + 5_000;
    this.slots = make({ keyPrefix: 'in-flight', points: 1, duration: this.leaseMs / 1000 });
    this.starts = new RateLimiterQueue(make({ keyPrefix: 'per-second', ...rateWindow(limits.maxPerSecond) }));
    listener.on(SLOT_CHANNEL, (key) => {
      this.announce(key);
    });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const slot = await new Promise<HeldSlot>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.searchForSlots();
    });
    try {
      await this.starts.removeTokens(1);
      return await task();
    } finally {
      await this.release(slot);
    }
  }

  /** The next waiter gets the slot if it may still be passed on; otherwise it goes back to the store. */
  private async release(slot: HeldSlot): Promise<void> {
    const leaseLeft = slot.takenAt + this.leaseMs - Date.now();
    const next =
      slot.handovers < LOCAL_HANDOVERS && leaseLeft > this.longestRequestMs ? this.waiters.shift() : undefined;
    if (next) {
      next.resolve({ ...slot, handovers: slot.handovers + 1 });
      return;
    }
    this.held.delete(slot.key);
    // Not given back (the store is away): it lapses with its lease.
    const freed = await this.slots.delete(slot.key).catch(() => false);
    // Announced to every process, this one too (through the store): all waiting processes have the same chance at it.
    if (freed) await this.pool.query(`select pg_notify('${SLOT_CHANNEL}', $1)`, [slot.key]).catch(() => undefined);
  }

  private announce(key: string): void {
    // Only this process's own slots: a process configured with fewer slots must not take another's extra ones.
    if (!this.allSlots.has(key) || this.held.has(key)) return;
    this.maybeFree.add(key);
    this.wakeSearcher?.();
  }

  /** Takes slots from the store for the waiters, one at a time, until none waits. */
  private searchForSlots(): void {
    if (this.searching || this.waiters.length === 0) return;
    this.searching = true;
    this.findSlot().then(
      (slot) => {
        this.searching = false;
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(slot);
        else void this.release(slot);
        this.searchForSlots();
      },
      (error: unknown) => {
        this.searching = false;
        this.waiters.shift()?.reject(error);
        this.searchForSlots();
      },
    );
  }

  /**
   * Tries the slots not known to be taken, in random order; when none is left, waits for one to be announced as given
   * back. Every LOOK_EVERY_MS it looks at every slot again, announced ones or not: a dead process's slot lapses without
   * a notice, and notices are lost while the store's listener reconnects.
   */
  private async findSlot(): Promise<HeldSlot> {
    for (;;) {
      for (const key of [...this.maybeFree].sort(() => Math.random() - 0.5)) {
        const takenAt = Date.now();
        try {
          await this.slots.consume(key);
          this.maybeFree.delete(key);
          this.held.add(key);
          return { key, takenAt, handovers: 0 };
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          this.maybeFree.delete(key);
        }
      }
      const lookEvery = this.listener.live ? LOOK_EVERY_MS.listening : LOOK_EVERY_MS.deaf;
      const nextLook = this.lastLookAtEvery + lookEvery - Date.now();
      if (this.maybeFree.size === 0 && nextLook > 0)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, nextLook);
          this.wakeSearcher = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      this.wakeSearcher = undefined;
      if (Date.now() - this.lastLookAtEvery >= lookEvery) {
        this.lastLookAtEvery = Date.now();
        for (const key of this.allSlots) if (!this.held.has(key)) this.maybeFree.add(key);
      }
    }
  }
}
