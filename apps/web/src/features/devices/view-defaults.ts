/** The Devices view's defaults, without dependencies: the page's first script reads them too (boot.ts). */
export const DEFAULT_SORT = 'lastCheckin' as const;
export const DEFAULT_ORDER = 'desc' as const;
/** Rows per page of the table's search. */
export const PAGE_SIZE = 150;
