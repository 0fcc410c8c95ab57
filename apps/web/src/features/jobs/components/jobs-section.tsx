import { JOB_ACTION_INFO, JOB_ACTIONS, JOB_STATES, type JobAction, type JobState } from '@mdm-console/contract';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useJobs } from '../api/list-jobs.ts';
import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { QueryStates } from '../../../components/ui/states.tsx';
import { formatCount, formatDateTime, formatZoned } from '../../../lib/format.ts';

const stateLabel = (state: JobState): string => state.replace('_', ' ');

/** Jobs confirmed for a later time, soonest first: what will happen, and when. */
function UpcomingJobs() {
  const upcoming = useJobs({ state: 'scheduled', order: 'soonest' }).data?.jobs ?? [];
  if (upcoming.length === 0) return null;
  return (
    <section aria-labelledby="upcoming-heading" className="jobs-section">
      <h2 id="upcoming-heading">Upcoming</h2>
      <PlainTable
        caption="Jobs scheduled for later, soonest first"
        headers={['Scheduled for', 'Action', 'Devices', 'By']}
      >
        {upcoming.map((job) => (
          <tr key={job.id}>
            <td>{formatZoned(job.runAt ?? '')}</td>
            <td>
              <Link to="/activity/jobs/$jobId" params={{ jobId: job.id }}>
                {JOB_ACTION_INFO[job.action].label}: {job.targetDescription}
              </Link>
            </td>
            <td>{formatCount(job.preflight?.eligible ?? job.frozenCount)}</td>
            <td>{job.requestedBy}</td>
          </tr>
        ))}
      </PlainTable>
    </section>
  );
}

/** Jobs, newest first: what was asked, by whom, where it stands. */
export function JobsSection() {
  const [state, setState] = useState<JobState | ''>('');
  const [action, setAction] = useState<JobAction | ''>('');
  const jobs = useJobs({ state: state || undefined, action: action || undefined });
  const rows = jobs.data?.jobs ?? [];
  return (
    <>
      <UpcomingJobs />
      <section aria-labelledby="jobs-heading" className="jobs-section">
        <h2 id="jobs-heading">Jobs</h2>
        <div className="filter-form" role="group" aria-label="Filter jobs">
          <label>
            State
            <select value={state} onChange={(event) => setState(event.target.value as JobState | '')}>
              <option value="">Any</option>
              {JOB_STATES.map((value) => (
                <option key={value} value={value}>
                  {stateLabel(value)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Job action
            <select value={action} onChange={(event) => setAction(event.target.value as JobAction | '')}>
              <option value="">Any</option>
              {JOB_ACTIONS.map((value) => (
                <option key={value} value={value}>
                  {JOB_ACTION_INFO[value].label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryStates
          query={jobs}
          loading="Loading jobs…"
          empty={rows.length === 0 && 'No job matches these filters.'}
        />
        {rows.length > 0 ? (
          <PlainTable
            caption="Jobs, newest first"
            headers={['Requested', 'Action', 'Devices', 'By', 'State', 'Succeeded', 'Other outcomes']}
          >
            {rows.map((job) => (
              <tr key={job.id}>
                <td>
                  <time dateTime={job.createdAt}>{formatDateTime(Date.parse(job.createdAt))}</time>
                </td>
                <td>
                  <Link to="/activity/jobs/$jobId" params={{ jobId: job.id }}>
                    {JOB_ACTION_INFO[job.action].label}: {job.targetDescription}
                  </Link>
                </td>
                <td>{formatCount(job.frozenCount)}</td>
                <td>{job.requestedBy}</td>
                <td>
                  <span className={`job-state job-state-${job.state}`}>{stateLabel(job.state)}</span>
                  {job.state === 'scheduled' && job.runAt !== null ? (
                    <span className="small"> for {formatZoned(job.runAt)}</span>
                  ) : null}
                </td>
                <td>{formatCount(job.counts.succeeded)}</td>
                <td className="small">
                  {job.counts.ineligible ? `${formatCount(job.counts.ineligible)} ineligible ` : ''}
                  {job.counts.failed ? `${formatCount(job.counts.failed)} failed ` : ''}
                  {job.counts.unknown ? `${formatCount(job.counts.unknown)} unknown ` : ''}
                  {job.counts.cancelled ? `${formatCount(job.counts.cancelled)} cancelled ` : ''}
                  {job.counts.pending ? `${formatCount(job.counts.pending)} pending` : ''}
                </td>
              </tr>
            ))}
          </PlainTable>
        ) : null}
      </section>
    </>
  );
}
