import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export interface AuditFilters {
  q?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  device?: number | undefined;
}

export const getAuditEvents = (filters: AuditFilters, before: number | undefined, signal?: AbortSignal) =>
  api.listAudit({ query: { ...filters, before, limit: 100 }, signal });

export const getAuditEventsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: [...queryRoots.audit, 'list', filters],
    queryFn: ({ pageParam, signal }) => getAuditEvents(filters, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useAuditEvents = (filters: AuditFilters) => useInfiniteQuery(getAuditEventsQueryOptions(filters));
