/**
 * The Devices view's defaults, without dependencies: the page's inline first script reads them too
 * (app/first-requests.ts).
 */
export const DEFAULT_SORT = 'lastCheckin' as const;
export const DEFAULT_ORDER = 'desc' as const;
/** Rows per page of the table's search. */
export const PAGE_SIZE = 150;
