import type { DeviceSearchQuery } from '@mdm-console/contract';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';
import { PAGE_SIZE } from '../view-defaults.ts';

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

export const searchDevices = (
  filters: DeviceFilters,
  options: { cursor?: string | undefined; size?: number; signal?: AbortSignal },
) =>
  api.searchDevices({
    query: { ...filters, size: options.size ?? PAGE_SIZE, cursor: options.cursor },
    signal: options.signal,
  });

/** Every device search, whatever its filters: what an edit of a device may change. */
export const deviceSearchesKey = [...queryRoots.devices, 'search'] as const;

/** Pages follow the BFF's cursor: scrolling deep never asks for a large offset. */
export const getDevicesInfiniteQueryOptions = (filters: DeviceFilters, spaceId: number | null) =>
  infiniteQueryOptions({
    queryKey: [...deviceSearchesKey, spaceId, filters],
    queryFn: ({ pageParam, signal }) => searchDevices(filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useDeviceSearch = (filters: DeviceFilters, spaceId: number | null) =>
  useInfiniteQuery({ ...getDevicesInfiniteQueryOptions(filters, spaceId), placeholderData: keepPreviousData });
