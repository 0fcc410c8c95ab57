import { deviceDetailsSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDevice = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}`, deviceDetailsSchema, signal ? { signal } : {});

export const getDeviceQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['devices', 'detail', id], queryFn: ({ signal }) => getDevice(id, signal) });

export const useDevice = (id: number) => useQuery(getDeviceQueryOptions(id));
