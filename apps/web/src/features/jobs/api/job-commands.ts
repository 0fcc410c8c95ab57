import type { Job, WavePlan } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getJobQueryOptions } from './get-job.ts';
import { jobListsKey } from './list-jobs.ts';

/**
 * Confirms a draft; `runAt` (an ISO time) sends it then instead of right after the undo window; `waves` sends it in
 * waves (null: all at once).
 */
export const confirmJob = (id: string, options: { typed?: string; runAt?: string; waves?: WavePlan | null } = {}) =>
  api.confirmJob({ params: { id }, body: options });
export const continueJob = (id: string) => api.continueJob({ params: { id } });
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
