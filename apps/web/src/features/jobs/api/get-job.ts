import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getJob = (id: string, signal?: AbortSignal) => api.getJob({ params: { id }, signal });

export const getJobQueryOptions = (id: string) =>
  queryOptions({ queryKey: [...queryRoots.jobs, 'detail', id], queryFn: ({ signal }) => getJob(id, signal) });

export const useJob = (id: string | null) => useQuery({ ...getJobQueryOptions(id ?? ''), enabled: id !== null });
