import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const lookupUser = (q: string, signal?: AbortSignal) => api.lookup({ query: { q }, signal });

export const lookupUserQueryOptions = (q: string) =>
  queryOptions({
    queryKey: [...queryRoots.lookup, q],
    queryFn: ({ signal }) => lookupUser(q, signal),
    enabled: q.trim() !== '',
  });

export const useLookupUser = (q: string) => useQuery(lookupUserQueryOptions(q));
