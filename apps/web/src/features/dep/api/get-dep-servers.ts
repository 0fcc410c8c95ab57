import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getDepServers = (signal?: AbortSignal) => api.listDepServers({ signal });

export const getDepServersQueryOptions = () =>
  queryOptions({ queryKey: [...queryRoots.dep, 'servers'], queryFn: ({ signal }) => getDepServers(signal) });

export const useDepServers = () => useQuery(getDepServersQueryOptions());
