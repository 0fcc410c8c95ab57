/** A fixed-size set of device indexes, 32 per word: the unit every filter, facet and sort works on. */
export class Bitset {
  readonly size: number;
  readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.size = size;
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const tail = size & 31;
    if (tail !== 0) set.words[set.words.length - 1] = (1 << tail) - 1;
    return set;
  }

  add(index: number): void {
    const w = index >>> 5;
    this.words[w] = ((this.words[w] ?? 0) | (1 << (index & 31))) >>> 0;
  }

  has(index: number): boolean {
    return (((this.words[index >>> 5] ?? 0) >>> (index & 31)) & 1) === 1;
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  andInPlace(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    for (let w = 0; w < a.length; w += 1) a[w] = (a[w] ?? 0) & (b[w] ?? 0);
    return this;
  }

  orInPlace(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    for (let w = 0; w < a.length; w += 1) a[w] = (a[w] ?? 0) | (b[w] ?? 0);
    return this;
  }

  count(): number {
    let total = 0;
    for (const word of this.words) {
      let v = word - ((word >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return total;
  }

  /** Calls `visit` with every member in ascending order. */
  forEach(visit: (index: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w += 1) {
      let word = words[w] ?? 0;
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + 31 - Math.clz32(low));
        word = (word ^ low) >>> 0;
      }
    }
  }

  /** Members as an array of indexes, ascending. */
  toArray(): Int32Array {
    const out = new Int32Array(this.count());
    const words = this.words;
    let k = 0;
    for (let w = 0; w < words.length; w += 1) {
      let word = words[w] ?? 0;
      while (word !== 0) {
        const low = word & -word;
        out[k] = (w << 5) + 31 - Math.clz32(low);
        k += 1;
        word = (word ^ low) >>> 0;
      }
    }
    return out;
  }

  /** Sets every index whose code in `column` is marked in `lookup`. */
  static fromCodes(column: ArrayLike<number>, lookup: Uint8Array): Bitset {
    const set = new Bitset(column.length);
    const words = set.words;
    for (let i = 0; i < column.length; i += 1) {
      if (lookup[column[i] ?? 0] === 1) words[i >>> 5] = ((words[i >>> 5] ?? 0) | (1 << (i & 31))) >>> 0;
    }
    return set;
  }

  /** Sets every index for which `test` holds. */
  static fromPredicate(size: number, test: (index: number) => boolean): Bitset {
    const set = new Bitset(size);
    const words = set.words;
    for (let i = 0; i < size; i += 1) {
      if (test(i)) words[i >>> 5] = ((words[i >>> 5] ?? 0) | (1 << (i & 31))) >>> 0;
    }
    return set;
  }
}
