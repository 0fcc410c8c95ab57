import { defaultParseSearch } from '@tanstack/react-router';
import { requestEarly } from '../../../lib/early-requests.ts';
import { DEFAULT_ORDER, DEFAULT_SORT, PAGE_SIZE } from '../view-defaults.ts';

const WINDOWS_AND_FQ = ['checkin', 'registered', 'fq'] as const;

/**
 * The URL of the devices page's first search for an address's search string, as the page will ask for it
 * (devicesSearchSchema, then filtersOf, then searchDevices), worked out without the schema so that it can run before
 * the app's code: null when a value is not plainly well formed, so that a guess is made only where it is right. A test
 * holds the two ways together.
 */
export function firstSearchUrl(search: string): string | null {
  const view: Record<string, unknown> = defaultParseSearch(search);
  const query = new URLSearchParams();
  const q = view.q ?? '';
  const f = view.f ?? [];
  if (typeof q !== 'string' || !Array.isArray(f)) return null;
  if (q !== '') query.append('q', q);
  for (const value of f as unknown[]) {
    if (typeof value !== 'string') return null;
    query.append('f', value);
  }
  for (const key of WINDOWS_AND_FQ) {
    const value = view[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return null;
    if (value !== '') query.append(key, value);
  }
  const sort = view.sort ?? DEFAULT_SORT;
  const order = view.order ?? DEFAULT_ORDER;
  if (typeof sort !== 'string' || (order !== 'asc' && order !== 'desc')) return null;
  query.append('sort', sort);
  query.append('order', order);
  query.append('size', String(PAGE_SIZE));
  return `/api/devices?${query.toString()}`;
}

/** Starts the devices page's first search for the address's search string, when it can be worked out. */
export function requestFirstSearchEarly(search: string): Promise<Response> | undefined {
  const url = firstSearchUrl(search);
  return url === null ? undefined : requestEarly(url);
}
