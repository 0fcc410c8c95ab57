import { devicePoliciesSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDevicePolicies = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}/policies`, devicePoliciesSchema, signal ? { signal } : {});

export const getDevicePoliciesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['devices', 'detail', id, 'policies'],
    queryFn: ({ signal }) => getDevicePolicies(id, signal),
  });

export const useDevicePolicies = (id: number) => useQuery(getDevicePoliciesQueryOptions(id));
