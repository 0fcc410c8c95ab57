import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getDevice = (id: number, signal?: AbortSignal) => api.getDevice({ params: { id }, signal });

/** A device's details; its configurations, policies, certificates and attributes are keyed under it. */
export const getDeviceQueryOptions = (id: number) =>
  queryOptions({ queryKey: [...queryRoots.devices, 'detail', id], queryFn: ({ signal }) => getDevice(id, signal) });

export const useDevice = (id: number) => useQuery(getDeviceQueryOptions(id));
