import type { VendorBudget } from '@mdm-console/mdm-api';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterQueue, RateLimiterRes } from 'rate-limiter-flexible';

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
 * The tenant's request budget shared by every process on one PostgreSQL: rate-limiter-flexible's counters in the
 * store. In flight: one key per slot, each taken with an atomic consume of its single point and given back by
 * deleting it; a slot whose holder died lapses when the longest request would have ended. (On SQLite there is one
 * process, and mdm-api's own in-memory RequestLimiter keeps the budget.)
 */
export class SharedVendorBudget implements VendorBudget {
  private readonly slots: RateLimiterPostgres;
  private readonly starts: RateLimiterQueue;
  private readonly maxInFlight: number;
  // One waiter per process looks for a free slot at a time: the others wait here rather than query the store.
  private slotSearch: Promise<unknown> = Promise.resolve();
  // The searcher's pause between rounds, cut short when this process gives a slot back.
  private wakeSearcher: (() => void) | undefined;

  constructor(pool: Pool, limits: BudgetLimits) {
    const make = (options: { keyPrefix: string; points: number; duration: number }) =>
      new RateLimiterPostgres({ ...options, storeClient: pool, tableName: BUDGET_TABLE, tableCreated: true });
    this.maxInFlight = limits.maxInFlight;
    this.slots = make({ keyPrefix: 'in-flight', points: 1, duration: (limits.longestRequestMs + 5_000) / 1000 });
    this.starts = new RateLimiterQueue(make({ keyPrefix: 'per-second', ...rateWindow(limits.maxPerSecond) }));
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const slot = await this.takeSlot();
    try {
      await this.starts.removeTokens(1);
      return await task();
    } finally {
      // Not given back (the store is away): it lapses with its lease.
      await this.slots.delete(slot).catch(() => false);
      this.wakeSearcher?.();
    }
  }

  private takeSlot(): Promise<string> {
    const search = this.slotSearch.then(() => this.findSlot());
    this.slotSearch = search.catch(() => undefined);
    return search;
  }

  private async findSlot(): Promise<string> {
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const first = Math.floor(Math.random() * this.maxInFlight);
      for (let k = 0; k < this.maxInFlight; k += 1) {
        const slot = `slot-${String((first + k) % this.maxInFlight)}`;
        try {
          await this.slots.consume(slot);
          return slot;
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
        }
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wakeSearcher = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeSearcher = undefined;
    }
  }
}
