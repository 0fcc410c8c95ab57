import { deviceConfigsSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDeviceConfigs = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}/configs`, deviceConfigsSchema, signal ? { signal } : {});

export const getDeviceConfigsQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['devices', 'detail', id, 'configs'],
    queryFn: ({ signal }) => getDeviceConfigs(id, signal),
  });

export const useDeviceConfigs = (id: number) => useQuery(getDeviceConfigsQueryOptions(id));
