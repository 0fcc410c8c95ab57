import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getSpaces = (signal?: AbortSignal) => api.listSpaces({ signal });

export const getSpacesQueryOptions = () =>
  queryOptions({ queryKey: queryRoots.spaces, queryFn: ({ signal }) => getSpaces(signal), staleTime: 5 * 60_000 });

export const useSpaces = () => useQuery(getSpacesQueryOptions());
