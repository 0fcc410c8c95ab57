/** Keys sorted for binary search, each with the index it belongs to: prefix ranges and exact look-ups. */
export class SortedIndex {
  private readonly keys: string[];
  private readonly owners: Int32Array;

  private constructor(keys: string[], owners: Int32Array) {
    this.keys = keys;
    this.owners = owners;
  }

  /** Indexes `count` items by `keyOf(i)` (null: not indexed). Keys are compared as given: normalize first. */
  static build(count: number, keyOf: (index: number) => string | null): SortedIndex {
    const raw: string[] = new Array<string>(count);
    let present = 0;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i += 1) {
      const key = keyOf(i);
      if (key === null || key === '') continue;
      raw[i] = key;
      order[present] = i;
      present += 1;
    }
    const owners = order.slice(0, present);
    owners.sort((a, b) => {
      const ka = raw[a] ?? '';
      const kb = raw[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    const keys = new Array<string>(present);
    for (let k = 0; k < present; k += 1) keys[k] = raw[owners[k] ?? 0] ?? '';
    return new SortedIndex(keys, owners);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The index holding the k-th smallest key. */
  ownerAt(position: number): number {
    return this.owners[position] ?? -1;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] ?? '') < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Calls `visit` with the index of every key starting with `prefix`. */
  forPrefix(prefix: string, visit: (index: number) => void): void {
    if (prefix === '') return;
    for (let k = this.lowerBound(prefix); k < this.keys.length && (this.keys[k] ?? '').startsWith(prefix); k += 1) {
      visit(this.owners[k] ?? 0);
    }
  }

  exact(key: string): number[] {
    const out: number[] = [];
    for (let k = this.lowerBound(key); k < this.keys.length && this.keys[k] === key; k += 1)
      out.push(this.owners[k] ?? 0);
    return out;
  }
}
