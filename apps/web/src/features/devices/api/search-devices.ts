import { deviceSearchResultSchema, type DeviceSearchQuery } from '@mdm-console/contract';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export type DeviceFilters = Pick<DeviceSearchQuery, 'q' | 'f' | 'checkin' | 'registered' | 'fq' | 'sort' | 'order'>;

/** The part of a view that the search depends on (not the columns or the open device). */
export const filtersOf = (view: DeviceFilters): DeviceFilters => ({
  q: view.q,
  f: view.f,
  checkin: view.checkin,
  registered: view.registered,
  fq: view.fq,
  sort: view.sort,
  order: view.order,
});

export const PAGE_SIZE = 150;

export const searchDevices = (
  filters: DeviceFilters,
  options: { cursor?: string | undefined; size?: number; signal?: AbortSignal },
) =>
  apiRequest('/devices', deviceSearchResultSchema, {
    query: { ...filters, size: options.size ?? PAGE_SIZE, cursor: options.cursor },
    ...(options.signal ? { signal: options.signal } : {}),
  });

/** Pages follow the BFF's cursor: scrolling deep never asks for a large offset. */
export const getDevicesInfiniteQueryOptions = (filters: DeviceFilters, spaceId: number | null) =>
  infiniteQueryOptions({
    queryKey: ['devices', 'search', spaceId, filters],
    queryFn: ({ pageParam, signal }) => searchDevices(filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useDeviceSearch = (filters: DeviceFilters, spaceId: number | null) =>
  useInfiniteQuery({ ...getDevicesInfiniteQueryOptions(filters, spaceId), placeholderData: keepPreviousData });
