import type { Session } from '@mdm-console/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { can } from '../../../lib/session.ts';
import { jobListsKey } from './list-jobs.ts';

/** How often an approver's count of waiting approvals is read again. */
const PENDING_REFRESH_MS = 15_000;

/** Jobs waiting for this person's approval: awaiting approval, and requested by someone else. */
export const usePendingApprovals = (session: Session | undefined) =>
  useQuery({
    queryKey: [...jobListsKey, 'awaiting-approval'],
    queryFn: ({ signal }) => api.listJobs({ query: { state: 'awaiting_approval', limit: 200 }, signal }),
    enabled: can(session, 'jobs:approve'),
    refetchInterval: PENDING_REFRESH_MS,
    select: (list) => list.jobs.filter((job) => job.requestedBy !== session?.user.email).length,
  });
