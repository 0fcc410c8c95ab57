import type { JobAction, JobState } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export interface JobListFilter {
  state?: JobState | undefined;
  action?: JobAction | undefined;
  /** `soonest`: jobs scheduled for a time, the soonest first. */
  order?: 'newest' | 'soonest';
}

/** Every list of jobs, whatever its filter. */
export const jobListsKey = [...queryRoots.jobs, 'list'] as const;

export const listJobs = (filter: JobListFilter, signal?: AbortSignal) =>
  api.listJobs({ query: { ...filter, limit: 50 }, signal });

/** Refreshed every 3 s: jobs move on their own. */
export const listJobsQueryOptions = (filter: JobListFilter) =>
  queryOptions({
    queryKey: [...jobListsKey, filter],
    queryFn: ({ signal }) => listJobs(filter, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 3000,
  });

export const useJobs = (filter: JobListFilter) => useQuery(listJobsQueryOptions(filter));
