import { jobListSchema, type JobAction, type JobState } from '@mdm-console/contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export interface JobListFilter {
  state?: JobState | undefined;
  action?: JobAction | undefined;
}

export const listJobs = (filter: JobListFilter, signal?: AbortSignal) =>
  apiRequest('/jobs', jobListSchema, { query: { ...filter, limit: 50 }, ...(signal ? { signal } : {}) });

/** Refreshed every 3 s: jobs move on their own. */
export const listJobsQueryOptions = (filter: JobListFilter) =>
  queryOptions({
    queryKey: ['jobs', 'list', filter],
    queryFn: ({ signal }) => listJobs(filter, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 3000,
  });

export const useJobs = (filter: JobListFilter) => useQuery(listJobsQueryOptions(filter));
