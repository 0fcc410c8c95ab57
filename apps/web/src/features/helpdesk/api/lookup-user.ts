import { lookupResultSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const lookupUser = (q: string, signal?: AbortSignal) =>
  apiRequest('/lookup', lookupResultSchema, { query: { q }, ...(signal ? { signal } : {}) });

export const lookupUserQueryOptions = (q: string) =>
  queryOptions({ queryKey: ['lookup', q], queryFn: ({ signal }) => lookupUser(q, signal), enabled: q.trim() !== '' });

export const useLookupUser = (q: string) => useQuery(lookupUserQueryOptions(q));
