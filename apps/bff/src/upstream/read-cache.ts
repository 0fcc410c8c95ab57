interface Entry {
  until: number;
  value: Promise<unknown>;
  /** The records the answer holds (1 until it is in). */
  records: number;
}

/** By default a list weighs its items, anything else one record. */
const recordsIn = (value: unknown): number => (Array.isArray(value) ? value.length : 1);

/**
 * A short-lived cache of vendor reads that also merges identical calls in flight: fifty people browsing the same
 * views cost the tenant one call each few seconds. Any write through the console clears it.
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
    if (hit && hit.until > now) return hit.value as Promise<T>;
    if (hit) this.drop(key, hit);
    const generation = this.generation;
    const value = load();
    const entry: Entry = { until: Number.POSITIVE_INFINITY, value, records: 1 };
    this.keep(key, entry);
    value.then(
      (answer) => {
        if (this.entries.get(key) !== entry) return;
        // A write during the call makes its answer suspect: keep it for the callers waiting, not for later ones.
        if (generation !== this.generation) {
          this.drop(key, entry);
          return;
        }
        const records = Math.max(1, recordsOf(answer));
        entry.until = Date.now() + this.ttlMs();
        this.records += records - entry.records;
        entry.records = records;
        this.evictOverBound();
      },
      () => {
        if (this.entries.get(key) === entry) this.drop(key, entry);
      },
    );
    this.evictOverBound();
    return value;
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
