import type { Job } from '@mdm-console/contract';
import { formatCount } from '../../../lib/format.ts';

const OUTCOME_LABELS = [
  ['succeeded', 'Succeeded'],
  ['ineligible', 'Ineligible'],
  ['failed', 'Failed'],
  ['unknown', 'Unknown'],
  ['cancelled', 'Cancelled'],
  ['pending', 'Pending'],
] as const;

/** Devices per outcome, and a bar of how far the job has come. */
export function JobProgress({ job }: { job: Job }) {
  const total = job.frozenCount;
  const done = total - job.counts.pending;
  return (
    <div className="job-progress">
      <progress max={Math.max(total, 1)} value={done} aria-label={`Progress of the ${job.action} job`} />
      <p role="status" aria-live="polite">
        {formatCount(done)} of {formatCount(total)} devices done
        {job.awaitingFinalState > 0
          ? `; ${formatCount(job.awaitingFinalState)} not yet in their final state (following)`
          : ''}
      </p>
      <dl className="job-counts">
        {OUTCOME_LABELS.map(([key, label]) => (
          <div key={key} className={`job-count job-count-${key}`}>
            <dt>{label}</dt>
            <dd>{formatCount(job.counts[key])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
