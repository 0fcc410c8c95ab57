import { createHash } from 'node:crypto';
import {
  FACET_FIELDS,
  FACET_KEYS,
  isFacetKey,
  splitFacetFilter,
  type DeviceSearchQuery,
  type DeviceSearchResult,
  type FacetKey,
  type FqCheckResult,
} from '@mdm-console/contract';
import {
  anyOf,
  deviceSchema,
  nextCursor,
  olderThan,
  readFacet,
  tryParseFq,
  withinLast,
  type CursorValue,
  type DeviceSearchParams,
  type DeviceSearchResult as VendorPage,
} from '@mdm-console/mdm-api';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { upstream, type Vendor } from '../upstream/vendor.ts';
import { DerivedAnswers } from './derived-answers.ts';
import { toDeviceRow } from './device-rows.ts';
import { accessOf } from './access.ts';
import type { DeviceScope } from './device-scope.ts';
import type { ActiveSession } from './sessions.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOWS: Record<NonNullable<DeviceSearchQuery['checkin']>, (field: string) => string> = {
  '1h': (field) => withinLast(field, HOUR),
  '24h': (field) => withinLast(field, DAY),
  '7d': (field) => withinLast(field, 7 * DAY),
  '30d': (field) => withinLast(field, 30 * DAY),
  older30d: (field) => olderThan(field, 30 * DAY),
  older90d: (field) => olderThan(field, 90 * DAY),
};

const BOOLEAN_FACETS = new Set<FacetKey>(['compliance', 'supervised', 'jailbroken', 'lostMode']);
// Facets whose values are codes: real tenants vary their case, so they are shown in upper case.
const CODE_FACETS = new Set<FacetKey>(['platform', 'registrationState', 'ownership', 'kiosk']);

/** The `f` filters grouped by facet, checked. */
export function facetFilters(filters: readonly string[]): Map<FacetKey, string[]> {
  const groups = new Map<FacetKey, string[]>();
  for (const filter of filters) {
    const { key, value } = splitFacetFilter(filter);
    if (!isFacetKey(key))
      throw new AppError(400, 'UNKNOWN_FACET', `"${key}" is not a filter; use one of ${FACET_KEYS.join(', ')}.`);
    if (BOOLEAN_FACETS.has(key) && value !== 'true' && value !== 'false')
      throw new AppError(400, 'VALIDATION_FAILED', `The ${key} filter takes true or false.`);
    const values = groups.get(key) ?? [];
    if (!values.includes(value)) values.push(value);
    groups.set(key, values);
  }
  return groups;
}

/** The vendor fq list of a query, optionally leaving one facet out (for that facet's own counts). */
function fqOf(
  query: Pick<DeviceSearchQuery, 'checkin' | 'registered' | 'fq'>,
  groups: Map<FacetKey, string[]>,
  leaveOut?: FacetKey,
): string[] {
  const fq: string[] = [];
  for (const [key, values] of groups) if (key !== leaveOut) fq.push(anyOf(FACET_FIELDS[key], values));
  if (query.checkin) fq.push(WINDOWS[query.checkin]('lastCheckin'));
  if (query.registered) fq.push(WINDOWS[query.registered]('lastRegistrationTime'));
  if (query.fq !== undefined && query.fq.trim() !== '') fq.push(query.fq);
  return fq;
}

/** How a facet's values are written: codes in upper case, booleans in lower case, names as they come. */
function canonicalFor(key: FacetKey): (value: string) => string {
  if (BOOLEAN_FACETS.has(key)) return (value) => value.toLowerCase();
  if (CODE_FACETS.has(key)) return (value) => value.toUpperCase();
  return (value) => value;
}

const searchAnswers = new DerivedAnswers<VendorPage, DeviceSearchResult>();

const cursorSchema = z.object({ v: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])), k: z.string() });

function queryKey(params: DeviceSearchParams): string {
  return createHash('sha256')
    .update(JSON.stringify([params.q, params.fq, params.dmPartitionId, params.sort]))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(values: readonly CursorValue[], key: string): string {
  return Buffer.from(JSON.stringify({ v: values, k: key })).toString('base64url');
}

function decodeCursor(cursor: string, key: string): CursorValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError(400, 'INVALID_CURSOR', 'The page cursor is not valid; start again from the first page.');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success)
    throw new AppError(400, 'INVALID_CURSOR', 'The page cursor is not valid; start again from the first page.');
  if (result.data.k !== key)
    throw new AppError(
      400,
      'CURSOR_MISMATCH',
      'The page cursor belongs to another search; start again from the first page.',
    );
  return result.data.v;
}

/** The filters of a view (free text, facets, windows, an admin's fq) as vendor search parameters, checked. */
export function filterParams(
  query: Pick<DeviceSearchQuery, 'q' | 'f' | 'checkin' | 'registered' | 'fq'>,
  spaceId: number,
  mayUseFq: boolean,
): { params: DeviceSearchParams; groups: Map<FacetKey, string[]> } {
  if (query.fq !== undefined && query.fq.trim() !== '') {
    if (!mayUseFq) throw new AppError(403, 'FORBIDDEN', 'Only administrators may search with a raw fq.');
    const parsed = tryParseFq(query.fq);
    if (!parsed.ok)
      throw new AppError(400, 'INVALID_FQ', `The fq does not parse: ${parsed.error.message}.`, {
        details: { position: parsed.error.position },
      });
  }
  const groups = facetFilters(query.f);
  return { params: { q: query.q, fq: fqOf(query, groups), dmPartitionId: spaceId }, groups };
}

/** Server-side search: filters as fq (always through the builder), facets that follow the other filters. */
export class DeviceSearch {
  private readonly vendor: Vendor;
  private readonly scope: DeviceScope;

  constructor(vendor: Vendor, scope: DeviceScope) {
    this.vendor = vendor;
    this.scope = scope;
  }

  async search(session: ActiveSession, query: DeviceSearchQuery): Promise<DeviceSearchResult> {
    const spaceId = await this.scope.space(session, query.space, 'devices:read');
    const mayUseFq = accessOf(session.account).can('devices:fq', spaceId);
    const search = (params: DeviceSearchParams) => this.vendor.searchDevices(params);
    const { params: filter, groups } = filterParams(query, spaceId, mayUseFq);
    const base: DeviceSearchParams = {
      ...filter,
      sort: [{ field: query.sort, order: query.order === 'asc' ? 'ASC' : 'DESC' }],
    };
    const key = queryKey(base);
    const params: DeviceSearchParams = {
      ...base,
      rows: query.size,
      ...(query.cursor ? { searchAfterValues: decodeCursor(query.cursor, key) } : {}),
    };
    // A facet with a selection counts as if it had none, so its other values stay visible (multi-select facets).
    // Deeper pages (a cursor) only add rows: their facets would repeat the first page's, so none are counted.
    const firstPage = query.cursor === undefined;
    const [page, ...alternates] = await upstream(() =>
      Promise.all([
        search(params),
        ...(firstPage
          ? [...groups.keys()].map((facet) => search({ ...base, fq: fqOf(query, groups, facet), rows: 1 }))
          : []),
      ]),
    );
    return searchAnswers.of([page, ...alternates], () => searchAnswer(query, groups, key, page, alternates));
  }
}

/** How many devices a view's query shows the person asking, in the space they work in (one vendor search). */
export async function countDevices(
  vendor: Vendor,
  scope: DeviceScope,
  session: ActiveSession,
  query: Pick<DeviceSearchQuery, 'q' | 'f' | 'checkin' | 'registered' | 'fq'>,
): Promise<number> {
  const spaceId = await scope.space(session, undefined, 'devices:read');
  const { params } = filterParams(query, spaceId, accessOf(session.account).can('devices:fq', spaceId));
  return (await upstream(() => vendor.searchDevices({ ...params, rows: 1 }))).totalCount;
}

/** The contract's answer to a search from the vendor's page and, per selected facet, the page counting it. */
function searchAnswer(
  query: DeviceSearchQuery,
  groups: Map<FacetKey, string[]>,
  key: string,
  page: VendorPage,
  alternates: readonly VendorPage[],
): DeviceSearchResult {
  const firstPage = query.cursor === undefined;
  const facetsFor = new Map<FacetKey, VendorPage>([...groups.keys()].map((facet, k) => [facet, alternates[k] ?? page]));
  const facets = !firstPage
    ? {}
    : Object.fromEntries(
        FACET_KEYS.map((facet) => [
          facet,
          readFacet((facetsFor.get(facet) ?? page).facetedResults, FACET_FIELDS[facet], canonicalFor(facet)),
        ]),
      );
  const full = page.searchResults.length === query.size;
  const after = nextCursor(page, [{ field: query.sort, order: query.order === 'asc' ? 'ASC' : 'DESC' }]);
  return {
    total: page.totalCount,
    unfilteredTotal: page.totalUnfilteredResultCount ?? page.totalCount,
    rows: page.searchResults.map(toDeviceRow),
    facets,
    nextCursor: full && after ? encodeCursor(after, key) : null,
  };
}

const FQ_FIELDS = Object.keys(deviceSchema.shape).sort();

/** Checks an fq as the search would, for the advanced search box. */
export function checkFq(fq: string): FqCheckResult {
  const parsed = fq.trim() === '' ? null : tryParseFq(fq);
  return {
    valid: parsed === null || parsed.ok,
    message: parsed && !parsed.ok ? parsed.error.message : null,
    position: parsed && !parsed.ok ? parsed.error.position : null,
    fields: FQ_FIELDS,
  };
}
