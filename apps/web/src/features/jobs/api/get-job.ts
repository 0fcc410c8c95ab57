import { jobSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getJob = (id: string, signal?: AbortSignal) =>
  apiRequest(`/jobs/${encodeURIComponent(id)}`, jobSchema, signal ? { signal } : {});

export const getJobQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['jobs', 'detail', id], queryFn: ({ signal }) => getJob(id, signal) });

export const useJob = (id: string | null) => useQuery({ ...getJobQueryOptions(id ?? ''), enabled: id !== null });
