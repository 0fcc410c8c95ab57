import type { Job } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getJobQueryOptions } from './get-job.ts';
import { jobListsKey } from './list-jobs.ts';

export const confirmJob = (id: string, typed?: string) =>
  api.confirmJob({ params: { id }, body: typed === undefined ? {} : { typed } });
export const approveJob = (id: string) => api.approveJob({ params: { id } });
export const cancelJob = (id: string) => api.cancelJob({ params: { id } });

/** A command on a job; its answer is the job as it now is. */
export function useJobCommand<A>(command: (args: A) => Promise<Job>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: command,
    onSuccess: (job) => {
      queryClient.setQueryData(getJobQueryOptions(job.id).queryKey, job);
      void queryClient.invalidateQueries({ queryKey: jobListsKey });
    },
  });
}
