import { auditPageSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDeviceActivity = (id: number, signal?: AbortSignal) =>
  apiRequest('/audit', auditPageSchema, { query: { device: id, limit: 100 }, ...(signal ? { signal } : {}) });

export const getDeviceActivityQueryOptions = (id: number) =>
  queryOptions({ queryKey: ['audit', 'device', id], queryFn: ({ signal }) => getDeviceActivity(id, signal) });

export const useDeviceActivity = (id: number, enabled: boolean) =>
  useQuery({ ...getDeviceActivityQueryOptions(id), enabled });
