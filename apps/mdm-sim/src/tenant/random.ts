// Deterministic randomness: every generated value is a pure function of (seed, stream, index), so a device's
// derived strings can be recomputed on demand instead of stored, and the same seed gives the same tenant.

/** A well-mixed 32-bit hash of three integers (splitmix-style finalizer). */
export function hash32(seed: number, stream: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (index + 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A float in [0, 1) from (seed, stream, index). */
export function unit(seed: number, stream: number, index: number): number {
  return hash32(seed, stream, index) / 4294967296;
}

/** A sequential generator for one stream, for code that draws many values in order. */
export class Rng {
  private counter = 0;
  private readonly seed: number;
  private readonly stream: number;

  constructor(seed: number, stream: number) {
    this.seed = seed;
    this.stream = stream;
  }

  next(): number {
    const value = unit(this.seed, this.stream, this.counter);
    this.counter += 1;
    return value;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('cannot pick from an empty list');
    return item;
  }
}

/** Picks from weighted choices with a uniform draw `u` in [0, 1). */
export function weighted<T>(choices: readonly (readonly [T, number])[], u: number): T {
  let total = 0;
  for (const [, weight] of choices) total += weight;
  let point = u * total;
  for (const [value, weight] of choices) {
    point -= weight;
    if (point < 0) return value;
  }
  const last = choices[choices.length - 1];
  if (last === undefined) throw new RangeError('no choices');
  return last[0];
}

const HEX = '0123456789abcdef';

/** `count` hex digits derived from (seed, stream, index). */
export function hexDigits(seed: number, stream: number, index: number, count: number): string {
  let out = '';
  for (let word = 0; out.length < count; word += 1) {
    let h = hash32(seed, stream * 31 + word, index);
    for (let k = 0; k < 8 && out.length < count; k += 1) {
      out += HEX.charAt(h & 15);
      h >>>= 4;
    }
  }
  return out;
}

/** A random-looking (version 4) UUID derived from (seed, stream, index). */
export function uuid(seed: number, stream: number, index: number): string {
  const h = hexDigits(seed, stream, index, 32);
  const variant = HEX.charAt(8 + (hash32(seed, stream + 7, index) & 3));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `count` decimal digits derived from (seed, stream, index). */
export function decimalDigits(seed: number, stream: number, index: number, count: number): string {
  let out = '';
  for (let word = 0; out.length < count; word += 1) {
    out += String(hash32(seed, stream * 17 + word, index) % 100000000).padStart(8, '0');
  }
  return out.slice(0, count);
}

const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** An upper-case alphanumeric serial of `count` characters. */
export function serialChars(seed: number, stream: number, index: number, count: number): string {
  let out = '';
  for (let k = 0; k < count; k += 1) {
    out += SERIAL_ALPHABET.charAt(hash32(seed, stream, index * 64 + k) % SERIAL_ALPHABET.length);
  }
  return out;
}
