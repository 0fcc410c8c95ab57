/**
 * A short-lived cache of vendor reads that also merges identical calls in flight: fifty people browsing the same
 * views cost the tenant one call each few seconds. Any write through the console clears it.
 */
export class ReadCache {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();
  private generation = 0;

  constructor(options: { ttlMs: number; maxEntries: number }) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    this.prune(now);
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const generation = this.generation;
    const value = load();
    this.entries.set(key, { until: Number.POSITIVE_INFINITY, value });
    value.then(
      () => {
        const entry = this.entries.get(key);
        // A write during the call makes its answer suspect: keep it for the callers waiting, not for later ones.
        if (entry?.value === value) {
          if (generation === this.generation) entry.until = Date.now() + this.ttlMs;
          else this.entries.delete(key);
        }
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  /** Drops expired answers (oldest first): a page of rows is large, so nothing stale is kept in memory. */
  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.until > now) break;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
