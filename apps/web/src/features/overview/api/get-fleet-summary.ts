import { TIME_WINDOWS, deviceSearchResultSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

type TimeWindow = (typeof TIME_WINDOWS)[number];

const count = (query: Record<string, string | number>, signal: AbortSignal) =>
  apiRequest('/devices', deviceSearchResultSchema, { query: { ...query, size: 1 }, signal });

/** The fleet in numbers, from the same search API as the device list: facets, and one count per check-in window. */
export async function getFleetSummary(signal: AbortSignal) {
  const [all, ...windows] = await Promise.all([
    count({}, signal),
    ...TIME_WINDOWS.map((window) => count({ checkin: window }, signal)),
  ]);
  return {
    total: all.total,
    facets: all.facets,
    checkin: TIME_WINDOWS.map((window, index) => ({ window, count: windows[index]?.total ?? 0 })) as {
      window: TimeWindow;
      count: number;
    }[],
  };
}

export const getFleetSummaryQueryOptions = (spaceId: number | null) =>
  queryOptions({
    queryKey: ['fleet-summary', spaceId],
    queryFn: ({ signal }) => getFleetSummary(signal),
    staleTime: 60_000,
  });

export const useFleetSummary = (spaceId: number | null) => useQuery(getFleetSummaryQueryOptions(spaceId));
