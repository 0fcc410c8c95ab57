import type { JobOutcome } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getJobQueryOptions } from './get-job.ts';

export type ItemFilter = JobOutcome | 'pending' | undefined;

export const listJobItems = (id: string, outcome: ItemFilter, after: number | undefined, signal?: AbortSignal) =>
  api.listJobItems({ params: { id }, query: { outcome, after, limit: 100 }, signal });

export const listJobItemsQueryOptions = (id: string, outcome: ItemFilter, after: number | undefined) =>
  queryOptions({
    queryKey: [...getJobQueryOptions(id).queryKey, 'items', outcome ?? 'all', after ?? 0],
    queryFn: ({ signal }) => listJobItems(id, outcome, after, signal),
    placeholderData: keepPreviousData,
  });

/** While the job still moves (`live`), the outcomes shown are read again every 2 s. */
export const useJobItems = (id: string, outcome: ItemFilter, after: number | undefined, live: boolean) =>
  useQuery({ ...listJobItemsQueryOptions(id, outcome, after), refetchInterval: live ? 2000 : false });
