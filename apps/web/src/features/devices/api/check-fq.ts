import { fqCheckResultSchema } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const checkFq = (fq: string, signal?: AbortSignal) =>
  apiRequest('/devices/fq-check', fqCheckResultSchema, { query: { fq }, ...(signal ? { signal } : {}) });

export const checkFqQueryOptions = (fq: string) =>
  queryOptions({
    queryKey: ['fq-check', fq],
    queryFn: ({ signal }) => checkFq(fq, signal),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });

/** Checked once something is typed (an empty fq is no filter, so always valid). */
export const useFqCheck = (fq: string) => useQuery({ ...checkFqQueryOptions(fq), enabled: fq.trim() !== '' });
