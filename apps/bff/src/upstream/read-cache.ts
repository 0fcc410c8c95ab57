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

/**
 * A short-lived cache of vendor reads that also merges identical calls in flight: fifty people browsing the same
 * views cost the tenant one call each few seconds. Any write through the console clears it.
 *
 * An answer read in the last fifth of its life is asked for again in the background, and the new one replaces it when
 * it comes: the answers that people keep reading are renewed without anyone waiting for the vendor. Without this, the
 * answers loaded together (after a start or a write) expire together, and every reader then waits in the vendor's
 * queue at once.
 *
 * It is bounded by the records it holds (a page weighs its rows, a device one), not by its entries: a bound on entries
 * either lets a few hundred pages of 500 rows fill the heap, or, set lower, drops the small answers that admins and the
 * helpdesk open again and again, a few hundred of which are read within seconds on a busy console.
 */
export class ReadCache {
  private readonly ttlMs: () => number;
  private readonly maxRecords: number;
  private readonly entries = new Map<string, Entry>();
  private records = 0;
  private generation = 0;

  /** `ttlMs`: how long an answer is kept, asked when it arrives. */
  constructor(options: { ttlMs: number | (() => number); maxRecords: number }) {
    const { ttlMs } = options;
    this.ttlMs = typeof ttlMs === 'number' ? () => ttlMs : ttlMs;
    this.maxRecords = options.maxRecords;
  }

  /** The answer kept under `key`, or `load`'s; `recordsOf` tells how many records an answer holds. */
  get<T>(key: string, load: () => Promise<T>, recordsOf: (value: T) => number = recordsIn): Promise<T> {
    const now = Date.now();
    this.prune(now);
    const hit = this.entries.get(key);
    if (hit && hit.until > now) {
      if (now >= hit.renewFrom) this.renew(key, hit, load, recordsOf);
      return hit.value as Promise<T>;
    }
    if (hit) this.drop(key, hit);
    const generation = this.generation;
    const value = load();
    const entry = pending(value);
    this.keep(key, entry);
    value.then(
      (answer) => {
        if (this.entries.get(key) !== entry) return;
        // A write during the call makes its answer suspect: keep it for the callers waiting, not for later ones.
        if (generation !== this.generation) {
          this.drop(key, entry);
          return;
        }
        this.settle(entry, answer, recordsOf);
      },
      () => {
        if (this.entries.get(key) === entry) this.drop(key, entry);
      },
    );
    this.evictOverBound();
    return value;
  }

  /**
   * An answer has arrived for a kept entry: it is counted and given its life. Each answer lives a random 75–100 % of the
   * time to live, so that answers loaded together are renewed over a spell rather than all at once.
   */
  private settle<T>(entry: Entry, answer: T, recordsOf: (value: T) => number): void {
    const ttl = this.ttlMs() * (1 - LIFETIME_SPREAD * Math.random());
    entry.until = Date.now() + ttl;
    entry.renewFrom = entry.until - ttl * RENEWAL_SHARE;
    const records = Math.max(1, recordsOf(answer));
    this.records += records - entry.records;
    entry.records = records;
    this.evictOverBound();
  }

  /** Asks again for an answer still kept; the new one replaces it unless a write came meanwhile. */
  private renew<T>(key: string, kept: Entry, load: () => Promise<T>, recordsOf: (value: T) => number): void {
    kept.renewFrom = Number.POSITIVE_INFINITY;
    const generation = this.generation;
    load().then(
      (answer) => {
        if (this.entries.get(key) !== kept || generation !== this.generation) return;
        this.drop(key, kept);
        const renewed = pending(Promise.resolve(answer));
        this.keep(key, renewed);
        this.settle(renewed, answer, recordsOf);
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
