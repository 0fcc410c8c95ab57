import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getDeviceActivity = (id: number, signal?: AbortSignal) =>
  api.listAudit({ query: { device: id, limit: 100 }, signal });

export const getDeviceActivityQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...queryRoots.audit, 'device', id],
    queryFn: ({ signal }) => getDeviceActivity(id, signal),
  });

export const useDeviceActivity = (id: number, enabled: boolean) =>
  useQuery({ ...getDeviceActivityQueryOptions(id), enabled });
