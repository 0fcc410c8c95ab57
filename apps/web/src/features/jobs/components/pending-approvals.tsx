import type { Session } from '@mdm-console/contract';
import { Link } from '@tanstack/react-router';
import { usePendingApprovals } from '../api/pending-approvals.ts';

/** For approvers: how many jobs wait for their approval, kept current, linked to the jobs on the Activity page. */
export function PendingApprovals({ session }: { session: Session }) {
  const count = usePendingApprovals(session) ?? 0;
  if (count === 0) return null;
  return (
    <Link to="/activity" className="nav-badge">
      {count} approval{count === 1 ? '' : 's'} waiting
    </Link>
  );
}
