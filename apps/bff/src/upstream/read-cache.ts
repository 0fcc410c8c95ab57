import type { z } from 'zod';
import type { SharedAnswers } from '../store/shared-answers.ts';

interface Entry {
  until: number;
  /**
   * From then on a read of the answer also asks the vendor again, so that a busy answer is renewed before it expires
   * (never while it is being renewed).
   */
  renewFrom: number;
  value: Promise<unknown>;
  /** The records the answer holds (1 until it is in). */
  records: number;
}

/** The last fifth of an answer's life, in which a read renews it in the background. */
const RENEWAL_SHARE = 0.2;

/** The store is a shortcut: a look that takes longer than this (the database is away or slow) asks the vendor. */
const SHARED_LOOK_MS = 250;

/** The share of the time to live by which an answer's life is shortened at random. */
const LIFETIME_SPREAD = 0.25;

/** An entry whose answer is on its way: it lives until the answer arrives, and weighs one record until then. */
const pending = (value: Promise<unknown>): Entry => ({
  until: Number.POSITIVE_INFINITY,
  renewFrom: Number.POSITIVE_INFINITY,
  value,
  records: 1,
});

/** By default a list weighs its items, anything else one record. */
const recordsIn = (value: unknown): number => (Array.isArray(value) ? value.length : 1);

export interface ReadOptions<T> {
  /** How many records an answer holds. */
  recordsOf?: (value: T) => number;
  /**
   * How the answer's JSON text kept in the store is read back (json-text.ts over the answer's schema): given, the answer
   * is also kept in the store for the other processes.
   */
  stored?: z.ZodType<T>;
}

/** An answer, and when it expires if it came kept from the store. */
interface Fetched<T> {
  answer: T;
  until?: number;
}

/**
 * A short-lived cache of vendor reads that also merges identical calls in flight: fifty people browsing the same
 * views cost the tenant one call each few seconds. Any write through the console clears it.
 *
 * An answer read in the last fifth of its life is asked for again in the background, and the new one replaces it when
 * it comes: the answers that people keep reading are renewed without anyone waiting for the vendor. Without this, the
 * answers loaded together (after a start or a write) expire together, and every reader then waits in the vendor's
 * queue at once.
 *
 * With several processes on PostgreSQL, an answer asked of the vendor is also kept in the store, where the others
 * look before they ask (read back with its schema, and no longer than it was given there): the tenant is asked about as
 * often as by one process.
 *
 * It is bounded by the records it holds (a page weighs its rows, a device one), not by its entries: a bound on entries
 * either lets a few hundred pages of 500 rows fill the heap, or, set lower, drops the small answers that admins and the
 * helpdesk open again and again, a few hundred of which are read within seconds on a busy console.
 */
export class ReadCache {
  private readonly ttlMs: () => number;
  private readonly maxRecords: number;
  private readonly shared: SharedAnswers | undefined;
  private readonly entries = new Map<string, Entry>();
  private records = 0;
  private generation = 0;

  /**
   * `ttlMs`: how long an answer is kept, asked when it arrives. `shared`: the answers every process keeps in the store
   * (several processes on PostgreSQL), looked at before the vendor is asked.
   */
  constructor(options: { ttlMs: number | (() => number); maxRecords: number; shared?: SharedAnswers }) {
    const { ttlMs } = options;
    this.ttlMs = typeof ttlMs === 'number' ? () => ttlMs : ttlMs;
    this.maxRecords = options.maxRecords;
    this.shared = options.shared;
  }

  /** The answer kept under `key`, or `load`'s. */
  get<T>(key: string, load: () => Promise<T>, options: ReadOptions<T> = {}): Promise<T> {
    const recordsOf = options.recordsOf ?? recordsIn;
    const now = Date.now();
    this.prune(now);
    const hit = this.entries.get(key);
    if (hit && hit.until > now) {
      if (now >= hit.renewFrom) this.renew(key, hit, this.fetch(key, load, options.stored, hit.until), recordsOf);
      return hit.value as Promise<T>;
    }
    if (hit) this.drop(key, hit);
    const generation = this.generation;
    const fetched = this.fetch(key, load, options.stored, now);
    const value = fetched.then((got) => got.answer);
    const entry = pending(value);
    this.keep(key, entry);
    fetched.then(
      (got) => {
        if (this.entries.get(key) !== entry) return;
        // A write during the call makes its answer suspect: keep it for the callers waiting, not for later ones.
        if (generation !== this.generation) {
          this.drop(key, entry);
          return;
        }
        this.settle(entry, got, recordsOf);
      },
      () => {
        if (this.entries.get(key) === entry) this.drop(key, entry);
      },
    );
    this.evictOverBound();
    return value;
  }

  /** A random 75–100 % of the time to live, so that answers loaded together are renewed over a spell, not at once. */
  private lifetime(): number {
    return this.ttlMs() * (1 - LIFETIME_SPREAD * Math.random());
  }

  /**
   * The answer another process kept in the store, if one is good after `after` (for a renewal: newer than the one
   * kept here); else the vendor's, then kept in the store for the others. A store that does not answer is passed by.
   */
  private async fetch<T>(
    key: string,
    load: () => Promise<T>,
    stored: z.ZodType<T> | undefined,
    after: number,
  ): Promise<Fetched<T>> {
    const { shared } = this;
    if (!stored || !shared) return { answer: await load() };
    const lookup = await within(shared.look(key, after), SHARED_LOOK_MS);
    if (lookup?.answer) {
      const kept = stored.safeParse(lookup.answer.body);
      if (kept.success) return { answer: kept.data, until: lookup.answer.until };
    }
    const answer = await load();
    if (!lookup) return { answer };
    const until = Math.round(Date.now() + this.lifetime());
    shared.keep(key, JSON.stringify(answer), until, lookup.generation).catch(() => undefined);
    return { answer, until };
  }

  /**
   * An answer has arrived for a kept entry: it is counted and given its life, never past the time to live from now (an
   * answer from the store keeps the end it was given there).
   */
  private settle<T>(entry: Entry, got: Fetched<T>, recordsOf: (value: T) => number): void {
    const now = Date.now();
    entry.until = Math.min(got.until ?? now + this.lifetime(), now + this.ttlMs());
    entry.renewFrom = entry.until - (entry.until - now) * RENEWAL_SHARE;
    const records = Math.max(1, recordsOf(got.answer));
    this.records += records - entry.records;
    entry.records = records;
    this.evictOverBound();
  }

  /** Asks again for an answer still kept; the new one replaces it unless a write came meanwhile. */
  private renew<T>(key: string, kept: Entry, fetched: Promise<Fetched<T>>, recordsOf: (value: T) => number): void {
    kept.renewFrom = Number.POSITIVE_INFINITY;
    const generation = this.generation;
    fetched.then(
      (got) => {
        if (this.entries.get(key) !== kept || generation !== this.generation) return;
        this.drop(key, kept);
        const renewed = pending(Promise.resolve(got.answer));
        this.keep(key, renewed);
        this.settle(renewed, got, recordsOf);
      },
      // The kept answer serves until it expires; the first read after that asks again.
      () => undefined,
    );
  }
  private keep(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.records += entry.records;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.records -= entry.records;
  }

  /** Drops the oldest answers while more records are kept than allowed. */
  private evictOverBound(): void {
    for (const [key, entry] of this.entries) {
      if (this.records <= this.maxRecords) return;
      this.drop(key, entry);
    }
  }

  /** Drops expired answers (oldest first): a page of rows is large, so nothing stale is kept in memory. */
  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.until > now) return;
      this.drop(key, entry);
    }
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.records = 0;
  }
}

/** What `promise` gives within `ms`; undefined if it fails or takes longer. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, undefined);
    const settle = (value: T | undefined) => {
      clearTimeout(timer);
      resolve(value);
    };
    promise.then(settle, () => {
      settle(undefined);
    });
  });
}
