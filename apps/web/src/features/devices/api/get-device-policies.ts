import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDeviceQueryOptions } from './get-device.ts';

export const getDevicePolicies = (id: number, signal?: AbortSignal) =>
  api.getDevicePolicies({ params: { id }, signal });

export const getDevicePoliciesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...getDeviceQueryOptions(id).queryKey, 'policies'],
    queryFn: ({ signal }) => getDevicePolicies(id, signal),
  });

export const useDevicePolicies = (id: number) => useQuery(getDevicePoliciesQueryOptions(id));
