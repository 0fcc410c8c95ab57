import { jobSchema, type Job } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
import { getJobQueryOptions } from './get-job.ts';

export const confirmJob = (id: string, typed?: string) =>
  apiRequest(`/jobs/${encodeURIComponent(id)}/confirm`, jobSchema, {
    method: 'POST',
    body: typed === undefined ? {} : { typed },
  });
export const approveJob = (id: string) =>
  apiRequest(`/jobs/${encodeURIComponent(id)}/approve`, jobSchema, { method: 'POST' });
export const cancelJob = (id: string) =>
  apiRequest(`/jobs/${encodeURIComponent(id)}/cancel`, jobSchema, { method: 'POST' });

/** A command on a job; its answer is the job as it now is. */
export function useJobCommand<A>(command: (args: A) => Promise<Job>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: command,
    onSuccess: (job) => {
      queryClient.setQueryData(getJobQueryOptions(job.id).queryKey, job);
      void queryClient.invalidateQueries({ queryKey: ['jobs', 'list'] });
    },
  });
}
