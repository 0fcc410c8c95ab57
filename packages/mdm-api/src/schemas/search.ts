import { z } from 'zod';
import { deviceSchema } from './device.ts';
import { envelope } from './envelope.ts';
import { optionalNumber } from './primitives.ts';

/** facetedResults: facet name → value → count. Values come in any case (`IOS`, `not_configured`). */
export const facetedResultsSchema = z.record(z.string(), z.record(z.string(), z.number()).nullable());
export type FacetedResults = z.infer<typeof facetedResultsSchema>;

/** A page of any vendor list: `totalCount`, `searchResults`, paging echo and optional facets. */
export function searchPage<T extends z.ZodType>(item: T) {
  return z.looseObject({
    totalCount: z.number(),
    searchResults: z.array(item),
    offset: optionalNumber,
    limit: optionalNumber,
    queryTime: optionalNumber,
    facetedResults: facetedResultsSchema.nullish(),
    totalUnfilteredResultCount: optionalNumber,
  });
}

/**
 * A search row as the console reads it: the fields it shows, checked; the other ~100 fields of each row are dropped
 * here (device details keep them all). Copying every field of every row of every page cost more than the rest of a
 * search.
 */
export const deviceSummarySchema = z.object(
  deviceSchema.pick({
    id: true,
    guid: true,
    deviceName: true,
    platformType: true,
    platformVersion: true,
    osBuildVersion: true,
    prettyModel: true,
    manufacturer: true,
    serialNumber: true,
    imei: true,
    phoneNumber: true,
    registrationState: true,
    complianceState: true,
    policyViolationCount: true,
    ownershipType: true,
    displayName: true,
    emailAddress: true,
    uid: true,
    ownerId: true,
    lastCheckin: true,
    lastRegistrationTime: true,
    supervised: true,
    jailbroken: true,
    lostModeEnabled: true,
    kioskState: true,
    subscriberCarrierNetwork: true,
    dmPartitionId: true,
    customAttributes: true,
    actionExceptionCodes: true,
    lastReassignmentStatus: true,
    androidWorkEnabled: true,
  }).shape,
);
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const deviceSearchResultSchema = searchPage(deviceSummarySchema);
export type DeviceSearchResult = z.infer<typeof deviceSearchResultSchema>;
export const deviceSearchResponseSchema = envelope(deviceSearchResultSchema);
export const deviceDetailsResponseSchema = envelope(deviceSchema);

export interface FacetValue {
  value: string;
  count: number;
}

const facetIndexes = new WeakMap<object, Map<string, Record<string, number> | null>>();

/**
 * One facet of an answer, found by name in any case (real tenants vary it), its values merged case-insensitively
 * and written by `canonical`; values with a count, highest first.
 */
export function readFacet(
  facets: FacetedResults | null | undefined,
  name: string,
  canonical: (value: string) => string = (value) => value,
): FacetValue[] {
  if (!facets) return [];
  let index = facetIndexes.get(facets);
  if (!index) {
    index = new Map(Object.entries(facets).map(([facet, values]) => [facet.toUpperCase(), values]));
    facetIndexes.set(facets, index);
  }
  const merged = new Map<string, FacetValue>();
  for (const [raw, count] of Object.entries(index.get(name.toUpperCase()) ?? {})) {
    const value = canonical(raw);
    const known = merged.get(value.toLowerCase());
    if (known) known.count += count;
    else merged.set(value.toLowerCase(), { value, count });
  }
  return [...merged.values()]
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
