import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const checkFq = (fq: string, signal?: AbortSignal) => api.checkFq({ query: { fq }, signal });

export const checkFqQueryOptions = (fq: string) =>
  queryOptions({
    queryKey: [...queryRoots.fqCheck, fq],
    queryFn: ({ signal }) => checkFq(fq, signal),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });

/** Checked once something is typed (an empty fq is no filter, so always valid). */
export const useFqCheck = (fq: string) => useQuery({ ...checkFqQueryOptions(fq), enabled: fq.trim() !== '' });
