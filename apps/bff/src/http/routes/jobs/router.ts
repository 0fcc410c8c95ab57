import { APPROVALS_HOLD_SECONDS, jobIdSchema } from '@mdm-console/contract';
import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { AppError } from '../../../errors.ts';
import { currentRequestId } from '../../context.ts';
import { mount, mountRaw } from '../../endpoint.ts';
import { streamJobEvents } from './job-events.ts';
import { streamJobItemsCsv } from './job-items-csv.ts';

function jobId(params: Record<string, string>): string {
  const parsed = jobIdSchema.safeParse(params.id);
  if (!parsed.success) throw new AppError(404, 'JOB_NOT_FOUND', 'There is no job with this id.');
  return parsed.data;
}

export function jobRoutes(router: Router, { jobs, audit }: Services, stopping: AbortSignal): void {
  mount(
    router,
    'createJob',
    async ({ session, body, audit: details }) => {
      const job = await jobs.create(session, body, currentRequestId());
      // A person's devices: the person is on record with the job (each device's outcome is its own event).
      details.targets = {
        job: job.id,
        description: job.targetDescription,
        ...('user' in body.target ? { person: body.target.user } : {}),
      };
      details.params = { action: body.action, params: body.params };
      return job;
    },
    audit,
  );
  mount(router, 'listJobs', ({ session, query }) => jobs.list(session, query), audit);
  mount(router, 'getJob', ({ session, params }) => jobs.read(session, jobId(params)), audit);
  mount(
    router,
    'confirmJob',
    async ({ session, params, body, audit: details }) => {
      const job = await jobs.confirm(session, jobId(params), body);
      details.params = { state: job.state, devices: job.preflight?.eligible ?? 0, runAt: job.runAt };
      return job;
    },
    audit,
  );
  mount(router, 'approveJob', ({ session, params }) => jobs.approve(session, jobId(params)), audit);
  mount(router, 'cancelJob', ({ session, params }) => jobs.cancel(session, jobId(params)), audit);
  mount(router, 'continueJob', ({ session, params }) => jobs.continue(session, jobId(params)), audit);
  mount(router, 'listJobItems', ({ session, params, query }) => jobs.items(session, jobId(params), query), audit);
  mountRaw(router, 'jobItemsCsv', ({ session, params, req, res }) =>
    streamJobItemsCsv(jobs, session, jobId(params), req, res),
  );
  mount(
    router,
    'waitingApprovals',
    ({ session, query, req }) => {
      // Held open: it ends when the count changes, the hold passes, the browser leaves or the server stops.
      const left = new AbortController();
      req.on('close', () => {
        left.abort();
      });
      return jobs.waitingApprovals(session, query.known, {
        holdMs: APPROVALS_HOLD_SECONDS * 1000,
        signal: AbortSignal.any([left.signal, stopping]),
      });
    },
    audit,
  );
  mountRaw(router, 'jobEvents', ({ session, params, req, res }) =>
    streamJobEvents(jobs, session, jobId(params), req, res, stopping),
  );
}
