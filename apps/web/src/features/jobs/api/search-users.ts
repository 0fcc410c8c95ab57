import { userSearchResultSchema } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../lib/api-client.ts';

export const searchUsers = (q: string, signal?: AbortSignal) =>
  apiRequest('/users', userSearchResultSchema, { query: { q, limit: 10 }, ...(signal ? { signal } : {}) });

export const searchUsersQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ['users', q],
    queryFn: ({ signal }) => searchUsers(q, signal),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });

export const useUserSearch = (q: string) => useQuery(searchUsersQueryOptions(q));
