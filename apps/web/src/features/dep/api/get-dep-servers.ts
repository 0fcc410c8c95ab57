import { depServersSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDepServers = (signal?: AbortSignal) =>
  apiRequest('/dep/servers', depServersSchema, signal ? { signal } : {});

export const getDepServersQueryOptions = () =>
  queryOptions({ queryKey: ['dep', 'servers'], queryFn: ({ signal }) => getDepServers(signal) });

export const useDepServers = () => useQuery(getDepServersQueryOptions());
