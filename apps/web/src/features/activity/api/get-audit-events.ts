import { auditPageSchema } from '@mdm-console/contract';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export interface AuditFilters {
  actor?: string | undefined;
  action?: string | undefined;
  device?: number | undefined;
}

export const getAuditEvents = (filters: AuditFilters, before: number | undefined, signal?: AbortSignal) =>
  apiRequest('/audit', auditPageSchema, {
    query: { ...filters, before, limit: 100 },
    ...(signal ? { signal } : {}),
  });

export const getAuditEventsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ pageParam, signal }) => getAuditEvents(filters, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useAuditEvents = (filters: AuditFilters) => useInfiniteQuery(getAuditEventsQueryOptions(filters));
