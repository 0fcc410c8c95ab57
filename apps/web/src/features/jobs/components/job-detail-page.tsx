import { FINAL_JOB_STATES, JOB_ACTION_INFO, JOB_OUTCOMES } from '@mdm-console/contract';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ActionDialog, type ActionRequest } from './action-dialog.tsx';
import { downloadJobItems } from '../api/download-job-items.ts';
import { useJob } from '../api/get-job.ts';
import { approveJob, cancelJob, continueJob, useJobCommand } from '../api/job-commands.ts';
import { useJobItems, type ItemFilter } from '../api/list-job-items.ts';
import { useJobEvents } from '../api/use-job-events.ts';
import { JobProgress } from './job-progress.tsx';
import { WavesTable } from './waves.tsx';
import { KeysetPager, useKeysetPages } from '../../../components/ui/keyset-pager.tsx';
import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { formatDateTime, formatZoned } from '../../../lib/format.ts';
import { can } from '../../../lib/session.ts';
import { useSession } from '../../auth/public.ts';

const when = (iso: string | null) => (iso ? formatDateTime(Date.parse(iso)) : '—');

/** One job: its state and counts (live), approval and cancel, per-device outcomes, CSV, retry. */
export function JobDetailPage() {
  const { jobId } = useParams({ from: '/app/activity/jobs/$jobId' });
  const session = useSession();
  const query = useJob(jobId);
  const job = query.data;
  useJobEvents(jobId, job?.state);
  const [outcome, setOutcome] = useState<ItemFilter>(undefined);
  const pages = useKeysetPages();
  const live = job !== undefined && !FINAL_JOB_STATES.includes(job.state);
  const items = useJobItems(jobId, outcome, pages.current, live);
  const approve = useJobCommand(approveJob);
  const cancel = useJobCommand(cancelJob);
  const resume = useJobCommand(continueJob);
  const [retry, setRetry] = useState<ActionRequest | null>(null);

  if (query.isPending) return <Loading label="Loading the job…" />;
  if (query.isError || !job) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const info = JOB_ACTION_INFO[job.action];
  const mine = session?.user.email === job.requestedBy;
  const final = FINAL_JOB_STATES.includes(job.state);
  const retryable = job.counts.failed + job.counts.unknown;
  const commandError = approve.error ?? cancel.error ?? resume.error;
  const nextWave = (job.waves?.current ?? 0) + 1;

  return (
    <div className="job-detail">
      <p>
        <Link to="/activity">← Activity</Link>
      </p>
      <h1>
        {info.label}: {job.targetDescription}
      </h1>
      <dl className="job-facts">
        <dt>State</dt>
        <dd>
          <span className={`job-state job-state-${job.state}`}>{job.state.replace('_', ' ')}</span>
        </dd>
        <dt>Requested</dt>
        <dd>
          {when(job.createdAt)} by {job.requestedBy}
        </dd>
        <dt>Confirmed</dt>
        <dd>{when(job.confirmedAt)}</dd>
        {job.runAt !== null ? (
          <>
            <dt>Scheduled for</dt>
            <dd>{formatZoned(job.runAt)}</dd>
          </>
        ) : null}
        {job.needsApproval ? (
          <>
            <dt>Approved</dt>
            <dd>{job.approvedBy ? `${when(job.approvedAt)} by ${job.approvedBy}` : 'not yet'}</dd>
          </>
        ) : null}
        <dt>Started / finished</dt>
        <dd>
          {when(job.startedAt)} / {when(job.finishedAt)}
        </dd>
        <dt>Parameters</dt>
        <dd>
          <code>{JSON.stringify(job.params)}</code>
        </dd>
      </dl>
      {job.error ? <p className="form-error">{job.error}</p> : null}
      {commandError ? (
        <p className="form-error" role="alert">
          {commandError.message}
        </p>
      ) : null}
      <div className="job-commands">
        {job.state === 'awaiting_approval' && can(session, 'jobs:approve') && !mine ? (
          <button type="button" className="danger" disabled={approve.isPending} onClick={() => approve.mutate(job.id)}>
            Approve {info.label.toLowerCase()} of {job.preflight?.eligible ?? 0} devices
          </button>
        ) : null}
        {job.state === 'awaiting_approval' && mine ? (
          <p role="status">Waiting for another administrator to approve.</p>
        ) : null}
        {(job.state === 'paused' || job.state === 'halted') && (mine || can(session, 'jobs:approve')) ? (
          <button type="button" className="primary" disabled={resume.isPending} onClick={() => resume.mutate(job.id)}>
            Continue with wave {nextWave}
          </button>
        ) : null}
        {!final && job.state !== 'following' && (mine || can(session, 'jobs:approve')) ? (
          <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            Cancel job
          </button>
        ) : null}
        <button
          type="button"
          onClick={() =>
            void downloadJobItems(job.id).catch((error: unknown) =>
              toast('error', error instanceof Error ? error.message : 'The download failed.'),
            )
          }
        >
          Download CSV
        </button>
        {final && retryable > 0 && can(session, info.permission) ? (
          <button
            type="button"
            onClick={() =>
              setRetry({
                action: job.action,
                target: { job: job.id, outcomes: ['failed', 'unknown'] },
                targetLabel: `${String(retryable)} failed and unknown devices`,
                // An import's job applies the same import again.
                ...(info.fromImport ? { params: job.params } : {}),
              })
            }
          >
            Retry failed and unknown
          </button>
        ) : null}
      </div>
      <JobProgress job={job} />
      <WavesTable job={job} />
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Devices</h2>
        <label>
          Outcome
          <select
            value={outcome ?? ''}
            onChange={(event) => {
              setOutcome((event.target.value || undefined) as ItemFilter);
              pages.reset();
            }}
          >
            <option value="">Any</option>
            {[...JOB_OUTCOMES, 'pending' as const].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        {items.isError ? <ErrorState error={items.error} onRetry={() => void items.refetch()} /> : null}
        {items.data ? (
          <PlainTable
            caption="Outcome per device"
            headers={['Device', 'Platform', 'Owner', 'Outcome', 'Reason', 'Followed state']}
          >
            {items.data.items.map((item) => (
              <tr key={item.deviceId}>
                <td>
                  <Link to="/devices" search={{ device: item.deviceId }}>
                    {item.deviceName ?? `Device ${String(item.deviceId)}`}
                  </Link>{' '}
                  <span className="muted small">{item.deviceId}</span>
                </td>
                <td>{item.platform ?? ''}</td>
                <td>{item.owner ?? ''}</td>
                <td>{item.outcome ?? 'pending'}</td>
                <td className="small">
                  {item.reason ?? ''} {item.error ?? ''}
                </td>
                <td>{item.followedState ?? ''}</td>
              </tr>
            ))}
          </PlainTable>
        ) : null}
        <KeysetPager pages={pages} nextKey={items.data?.nextAfter} what="devices" />
      </section>
      {retry ? <ActionDialog request={retry} onClose={() => setRetry(null)} /> : null}
    </div>
  );
}
