import { TIME_WINDOWS, type DeviceSearchQuery } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

type TimeWindow = (typeof TIME_WINDOWS)[number];

const count = (query: Pick<DeviceSearchQuery, 'checkin'>, signal: AbortSignal) =>
  api.searchDevices({ query: { ...query, size: 1 }, signal });

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
    queryKey: [...queryRoots.fleet, spaceId],
    queryFn: ({ signal }) => getFleetSummary(signal),
    staleTime: 60_000,
  });

export const useFleetSummary = (spaceId: number | null) => useQuery(getFleetSummaryQueryOptions(spaceId));
