import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const searchUsers = (q: string, signal?: AbortSignal) => api.searchUsers({ query: { q, limit: 10 }, signal });

export const searchUsersQueryOptions = (q: string) =>
  queryOptions({
    queryKey: [...queryRoots.users, q],
    queryFn: ({ signal }) => searchUsers(q, signal),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });

export const useUserSearch = (q: string) => useQuery(searchUsersQueryOptions(q));
