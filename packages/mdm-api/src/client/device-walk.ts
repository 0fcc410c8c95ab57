import type { DeviceSearchResult } from '../schemas/search.ts';
import type { CursorValue, DeviceSearchParams } from './client.ts';
import { answerTailOf, lastHitOf, parseSearchAnswer, summaryOf } from './search-answer.ts';

type Sort = DeviceSearchParams['sort'];

/** The cursor after `hit`: its sort values, then its id (what `searchAfterValues` takes); undefined without an id. */
function cursorAfter(hit: Record<string, unknown>, sort: Sort): CursorValue[] | undefined {
  const id = hit.id;
  if (typeof id !== 'number' && typeof id !== 'string') return undefined;
  // The id is the tie-breaker every sort ends with: sent once, last.
  const values = (sort ?? [])
    .filter((s) => s.field !== 'id')
    .map((s) => {
      const value = hit[s.field];
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
    });
  return [...values, id];
}

/**
 * The cursor of the page after `page`: the last hit's sort values, then its id. A real tenant sends no cursor of its
 * own, so this is the only way to the next page.
 */
export function nextCursor(page: DeviceSearchResult, sort: Sort): CursorValue[] | undefined {
  const last = page.searchResults[page.searchResults.length - 1];
  return last ? cursorAfter(last, sort) : undefined;
}

const sameCursor = (a: readonly CursorValue[], b: readonly CursorValue[]): boolean =>
  a.length === b.length && a.every((value, k) => value === b[k]);

/** Asks the vendor for the page after `cursor` (the first without one), its answer read by `readAnswer`. */
export type PageSearch = (
  cursor: CursorValue[] | undefined,
  readAnswer: (bytes: Uint8Array) => unknown,
) => Promise<DeviceSearchResult>;

/** A page asked for, the cursor its last hit gave before the rest was read, and the page after it once asked for. */
class WalkPage {
  readonly answer: Promise<DeviceSearchResult>;
  cursorAfter: CursorValue[] | undefined;
  next: { cursor: CursorValue[]; page: WalkPage } | undefined;

  constructor(search: PageSearch, cursor: CursorValue[] | undefined, sort: Sort, onCursor: (page: WalkPage) => void) {
    this.answer = search(cursor, (bytes) => {
      const tail = answerTailOf(bytes);
      const lastHit = tail && lastHitOf(bytes, tail);
      this.cursorAfter ??= lastHit && cursorAfter(lastHit, sort);
      onCursor(this);
      return parseSearchAnswer(bytes, tail, summaryOf);
    });
    // An early page may never be awaited (the walk stopped, or the cursor differed): its failure is nobody's.
    this.answer.catch(() => undefined);
  }
}

/**
 * Every page of a search, with searchAfterValues. The next page is asked for as soon as this one's answer is in,
 * from its last hit, so that the vendor serves it while this one is read, checked and used; it is used only if the
 * page, once parsed, gives the same cursor. Only the page the walk awaits asks for the next, so at most one page runs
 * ahead (the caller's pace still holds the walk), and none is asked for after the caller stops.
 */
export async function* walkPages(search: PageSearch, rows: number, sort: Sort): AsyncGenerator<DeviceSearchResult> {
  let awaited: WalkPage | undefined;
  let delivered = 0;
  let total: number | undefined;
  // The first answer's count tells whether a page follows the awaited one (until it is in, none is asked for early).
  const morePagesExpected = (): boolean => total !== undefined && delivered + rows < total;
  const askEarly = (page: WalkPage): void => {
    if (page !== awaited || !morePagesExpected() || page.next || !page.cursorAfter) return;
    page.next = { cursor: page.cursorAfter, page: ask(page.cursorAfter) };
  };
  const ask = (cursor: CursorValue[] | undefined): WalkPage => new WalkPage(search, cursor, sort, askEarly);
  let current = ask(undefined);
  for (;;) {
    awaited = current;
    askEarly(current);
    const page = await current.answer;
    yield page;
    if (page.searchResults.length < rows) return;
    const cursor = nextCursor(page, sort);
    if (!cursor) return;
    delivered += page.searchResults.length;
    total = page.totalCount;
    const early = current.next;
    current = early && sameCursor(early.cursor, cursor) ? early.page : ask(cursor);
  }
}
