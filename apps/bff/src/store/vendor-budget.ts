import { randomUUID } from 'node:crypto';
import type { VendorBudget } from '@mdm-console/mdm-api';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { StoreListener } from './store-listener.ts';
import { rateWindow, SharedStartBudget } from './vendor-starts.ts';

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
 * Told whenever a slot goes back to the store (its key), so that every process's waiting requests look for it at once,
 * and that a process wants slots and found none free (`want:` and the process's id).
 */
export const SLOT_CHANNEL = 'mdm_vendor_slots';

const WANT = 'want:';

/**
 * A process that finds no slot free says so at most this often while it keeps wanting; one not heard from for
 * WANT_HEARD_FOR_MS no longer counts as wanting.
 */
const WANT_EVERY_MS = 50;
const WANT_HEARD_FOR_MS = 250;

/**
 * How often a waiting process looks at every slot, whatever it was told: slots also come free without a notice (a dead
 * process's lapse), and notices are lost while the store's listener reconnects.
 */
const LOOK_EVERY_MS = { listening: 500, deaf: 100 };

interface HeldSlot {
  key: string;
  /** When the store's lease on it began; it lapses `leaseMs` later. */
  takenAt: number;
}

interface Waiter {
  resolve: (slot: HeldSlot) => void;
  reject: (error: unknown) => void;
  /** Its start, counted while it is among the next to get a slot: when the window that counted it ends. */
  start?: Promise<number>;
}

/**
 * The waiters next in line whose starts are counted before they get their slot: a slot is then held only while its
 * request runs, and few counted starts go unused.
 */
const COUNTED_AHEAD = 2;

/**
 * The tenant's request budget shared by every process on one PostgreSQL: rate-limiter-flexible's counters in the
 * store. In flight: one key per slot, each taken with an atomic consume of its single point and given back by
 * deleting it; a slot whose holder died lapses when the longest request would have ended. A slot freed while another
 * request of this process waits goes straight to it, with no store round trip, while its lease lasts and while this
 * process holds no more than its fair share: the budget divided among the processes that said lately that they want
 * slots. A slot given back to the store is announced on SLOT_CHANNEL, and the processes waiting for one try that slot
 * at once. (On SQLite there is one process, and mdm-api's own in-memory RequestLimiter keeps the budget.)
 */
export class SharedVendorBudget implements VendorBudget {
  private readonly pool: Pool;
  private readonly slots: RateLimiterPostgres;
  private readonly starts: SharedStartBudget;
  /** Every slot's key: `slot-0` … one per request the budget lets be in flight. */
  private readonly allSlots: ReadonlySet<string>;
  private readonly leaseMs: number;
  private readonly longestRequestMs: number;
  private readonly listener: StoreListener;
  /** This process's name in want notices. */
  private readonly id = randomUUID();
  /** The other processes that said they want slots, and when they last said so. */
  private readonly othersWanting = new Map<string, number>();
  private lastWantSaid = 0;
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
    const window = rateWindow(limits.maxPerSecond);
    this.starts = new SharedStartBudget(make({ keyPrefix: 'per-second', ...window }), window);
    listener.on(SLOT_CHANNEL, (payload) => {
      if (payload.startsWith(WANT)) this.heardWant(payload.slice(WANT.length));
      else this.announce(payload);
    });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const { slot, start } = await this.slotAndStart();
    try {
      const windowEnds = await (start ?? this.starts.count());
      // Counted in a window that ended while the slot was awaited: counted again in this one.
      if (Date.now() >= windowEnds) await this.starts.count();
      return await task();
    } finally {
      await this.release(slot);
    }
  }

  /** A slot, and the request's start if it was counted while the request waited for the slot. */
  private slotAndStart(): Promise<{ slot: HeldSlot; start: Promise<number> | undefined }> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (slot) => {
          resolve({ slot, start: waiter.start });
        },
        reject,
      };
      this.waiters.push(waiter);
      this.countStartsAhead();
      this.searchForSlots();
    });
  }

  /** The next waiter, its start counted ahead for the one after it. */
  private nextWaiter(): Waiter | undefined {
    const next = this.waiters.shift();
    this.countStartsAhead();
    return next;
  }

  private countStartsAhead(): void {
    for (const waiter of this.waiters.slice(0, COUNTED_AHEAD)) {
      if (waiter.start) continue;
      waiter.start = this.starts.count();
      // A waiter refused its slot never reads its start.
      waiter.start.catch(() => undefined);
    }
  }

  /**
   * The next waiter gets the slot while its lease lasts and this process holds no more than its fair share; otherwise
   * it goes back to the store, announced in the same statement.
   */
  private async release(slot: HeldSlot): Promise<void> {
    const leaseLeft = slot.takenAt + this.leaseMs - Date.now();
    const next =
      leaseLeft > this.longestRequestMs && this.held.size <= this.fairShare() ? this.nextWaiter() : undefined;
    if (next) {
      next.resolve(slot);
      return;
    }
    this.held.delete(slot.key);
    // Announced to every process, this one too (through the store): all waiting processes have the same chance at it.
    // Not given back when the store is away: it lapses with its lease.
    await this.pool
      .query(
        `with freed as (delete from ${BUDGET_TABLE} where key = $1 returning key) select pg_notify('${SLOT_CHANNEL}', $2) from freed`,
        [this.slots.getKey(slot.key), slot.key],
      )
      .catch(() => undefined);
  }

  /** The slots this process may keep while others want some: the budget divided among all that want. */
  private fairShare(): number {
    const now = Date.now();
    for (const [id, at] of this.othersWanting) if (now - at > WANT_HEARD_FOR_MS) this.othersWanting.delete(id);
    return Math.ceil(this.allSlots.size / (1 + this.othersWanting.size));
  }

  private heardWant(id: string): void {
    if (id !== this.id) this.othersWanting.set(id, Date.now());
  }

  /** Tells the other processes that this one waits for a slot, so that those holding more than their share give back. */
  private sayWanted(): void {
    if (Date.now() - this.lastWantSaid < WANT_EVERY_MS) return;
    this.lastWantSaid = Date.now();
    this.pool.query(`select pg_notify('${SLOT_CHANNEL}', $1)`, [WANT + this.id]).catch(() => undefined);
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
        const waiter = this.nextWaiter();
        if (waiter) waiter.resolve(slot);
        else void this.release(slot);
        this.searchForSlots();
      },
      (error: unknown) => {
        this.searching = false;
        this.nextWaiter()?.reject(error);
        this.searchForSlots();
      },
    );
  }

  /**
   * Tries the slots not known to be taken, in random order; when none is left, says that it wants one and waits for one
   * to be announced as given back, saying so again every WANT_EVERY_MS. Every LOOK_EVERY_MS it looks at every slot again, announced ones or not: a dead process's slot lapses without
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
          return { key, takenAt };
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) throw refusal;
          this.maybeFree.delete(key);
        }
      }
      this.sayWanted();
      const lookEvery = this.listener.live ? LOOK_EVERY_MS.listening : LOOK_EVERY_MS.deaf;
      const nextLook = this.lastLookAtEvery + lookEvery - Date.now();
      if (this.maybeFree.size === 0 && nextLook > 0)
        await new Promise<void>((resolve) => {
          // Woken in time to say again that it wants: a want not repeated lapses, and the others keep their slots.
          const timer = setTimeout(resolve, Math.min(nextLook, WANT_EVERY_MS));
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
