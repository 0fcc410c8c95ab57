import { Buffer } from 'node:buffer';
import { deviceSummarySchema } from '../schemas/search.ts';
import { utf8Text } from './utf8-text.ts';

/**
 * Reading a page of a device search (`{…"result":{…"searchResults":[{hit},…]…}}`, 1.5 MB at 500 hits) without one
 * string of the whole page: each hit is decoded and parsed on its own, so that no large string or object graph
 * outlives the young generation (under the BFF's heap limit, that garbage cost more than the parse itself), and the
 * last hit is read before the rest (the next page's cursor). Every shortcut is checked, and an answer that does not
 * fit the expected shape is parsed whole, as `JSON.parse` of the text would.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const HITS_KEY = Buffer.from('"searchResults":');
const HITS_OPEN = Buffer.from('"searchResults":[');
const BETWEEN_HITS = Buffer.from('},{');
/** Failed tries to close a hit (a nested `},{"key":` looks like a boundary) before the page is parsed whole. */
const MAX_FALSE_BOUNDARIES = 64;

/** Where a page's last hit lies, and the `]` that ends the array holding it. */
export interface AnswerTail {
  hitStart: number;
  /** Exclusive. */
  hitEnd: number;
  arrayEnd: number;
}

/** Whether the quote at `at`, inside a string, is escaped: an odd run of backslashes before it. */
function escaped(bytes: Uint8Array, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && bytes[before] === BACKSLASH) before -= 1;
  return (at - 1 - before) % 2 === 1;
}

/**
 * The last hit and its array, read backwards from the end: the last object of the first array met inside the
 * envelope's `result` object. A few kilobytes of a page of megabytes. Undefined when the answer does not end so.
 */
export function answerTailOf(bytes: Uint8Array): AnswerTail | undefined {
  // The brackets still open, reading backwards: the envelope, `result`, the array, then the hit.
  const open: number[] = [];
  let inString = false;
  let hitEnd = -1;
  let arrayEnd = -1;
  for (let at = bytes.length - 1; at >= 0; at -= 1) {
    const code = bytes[at];
    if (inString) {
      if (code === QUOTE && !escaped(bytes, at)) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      open.push(code);
      if (open.length === 3 && code === CLOSE_ARRAY && open[1] === CLOSE_OBJECT) arrayEnd = at;
      if (open.length === 4 && code === CLOSE_OBJECT && arrayEnd >= 0) hitEnd = at + 1;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      open.pop();
      if (hitEnd >= 0 && open.length === 3) return { hitStart: at, hitEnd, arrayEnd };
      if (open.length < 3) arrayEnd = -1;
      if (open.length < 2) return undefined;
    }
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The page's last hit as an object, or undefined. */
export function lastHitOf(bytes: Uint8Array, tail: AnswerTail): Record<string, unknown> | undefined {
  const hit = parsedOrUndefined(utf8Text(bytes.subarray(tail.hitStart, tail.hitEnd)));
  return isRecord(hit) ? hit : undefined;
}

/**
 * The hits between `from` (a `{`) and `to` (the `]`), each parsed on its own. Hits are cut where the next begins with
 * the same key as the first (`},{"id":`); a cut that does not close a hit (the pattern inside one) is passed over.
 */
function hitsBetween(page: Buffer, from: number, to: number, hitOf: (hit: unknown) => unknown): unknown[] | undefined {
  if (page[from] !== OPEN_OBJECT || page[from + 1] !== QUOTE) return undefined;
  const keyEnd = page.indexOf(QUOTE, from + 2);
  if (keyEnd < 0 || keyEnd >= to || page.subarray(from + 2, keyEnd).includes(BACKSLASH)) return undefined;
  const boundary = Buffer.concat([BETWEEN_HITS, page.subarray(from + 1, keyEnd + 1), Buffer.from(':')]);
  const hits: unknown[] = [];
  let start = from;
  let searchFrom = from;
  let falseBoundaries = 0;
  for (;;) {
    const found = page.indexOf(boundary, searchFrom);
    const end = found < 0 || found >= to ? to : found + 1;
    const hit = parsedOrUndefined(page.toString('utf8', start, end));
    if (isRecord(hit)) {
      hits.push(hitOf(hit));
      if (end === to) return hits;
      start = end + 1;
      searchFrom = start;
    } else {
      falseBoundaries += 1;
      if (end === to || falseBoundaries > MAX_FALSE_BOUNDARIES) return undefined;
      searchFrom = found + 1;
    }
  }
}

/** The page read hit by hit, each passed through `hitOf`, or undefined when it does not have the expected shape. */
export function readHitByHit(bytes: Uint8Array, tail: AnswerTail, hitOf: (hit: unknown) => unknown): unknown {
  if (bytes[0] !== OPEN_OBJECT) return undefined;
  const page = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keyAt = page.indexOf(HITS_KEY);
  const arrayStart = keyAt + HITS_OPEN.length - 1;
  // Exactly one `"searchResults":` outside the hits (a bare quote cannot be inside a string), and it opens this array:
  // then the envelope's `result.searchResults`, checked below, is this array.
  if (keyAt < 0 || page.indexOf(HITS_OPEN) !== keyAt) return undefined;
  if (tail.arrayEnd <= arrayStart || page.indexOf(HITS_KEY, tail.arrayEnd) >= 0) return undefined;
  const envelope = parsedOrUndefined(
    page.toString('utf8', 0, arrayStart + 1) + page.toString('utf8', tail.arrayEnd, page.length),
  );
  if (!isRecord(envelope) || !isRecord(envelope.result)) return undefined;
  const emptied = envelope.result.searchResults;
  if (!Array.isArray(emptied) || emptied.length > 0) return undefined;
  const hits = hitsBetween(page, arrayStart + 1, tail.arrayEnd, hitOf);
  if (!hits) return undefined;
  envelope.result.searchResults = hits;
  return envelope;
}

/**
 * The page's JSON value, as `JSON.parse` of its text gives it, each hit of `result.searchResults` passed through
 * `hitOf`; throws as `JSON.parse` does when the page is not JSON.
 */
export function parseSearchAnswer(
  bytes: Uint8Array,
  tail: AnswerTail | undefined,
  hitOf: (hit: unknown) => unknown = (hit) => hit,
): unknown {
  const split = tail && readHitByHit(bytes, tail, hitOf);
  if (split !== undefined) return split;
  const whole: unknown = JSON.parse(utf8Text(bytes));
  if (isRecord(whole) && isRecord(whole.result) && Array.isArray(whole.result.searchResults))
    whole.result.searchResults = whole.result.searchResults.map(hitOf);
  return whole;
}

/**
 * A hit as the search keeps it, as soon as it is read: its ~100 other fields become garbage while still young. A hit
 * that does not pass stays as it came, so that the page's own check reports it.
 */
export function summaryOf(hit: unknown): unknown {
  const summary = deviceSummarySchema.safeParse(hit);
  return summary.success ? summary.data : hit;
}

/**
 * A page of a device search read hit by hit, each hit kept as the search keeps it: on a page of 100 devices a third of
 * the CPU of decoding and parsing the page whole (one string of the page is a two-byte string as soon as one name
 * holds an accent, and slower to decode and to parse).
 */
export const readSearchPage = (bytes: Uint8Array): unknown => parseSearchAnswer(bytes, answerTailOf(bytes), summaryOf);
