/**
 * Keyset paging: `rows` came from a query that asked for `limit + 1`; answers the page and the key to continue from
 * (its last row's), or null when nothing follows.
 */
export function pageOf<R, K>(rows: readonly R[], limit: number, keyOf: (row: R) => K): { page: R[]; next: K | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next: rows.length > limit && last !== undefined ? keyOf(last) : null };
}
