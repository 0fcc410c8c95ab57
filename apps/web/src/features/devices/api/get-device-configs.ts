import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDeviceQueryOptions } from './get-device.ts';

export const getDeviceConfigs = (id: number, signal?: AbortSignal) => api.getDeviceConfigs({ params: { id }, signal });

export const getDeviceConfigsQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...getDeviceQueryOptions(id).queryKey, 'configs'],
    queryFn: ({ signal }) => getDeviceConfigs(id, signal),
  });

export const useDeviceConfigs = (id: number) => useQuery(getDeviceConfigsQueryOptions(id));
