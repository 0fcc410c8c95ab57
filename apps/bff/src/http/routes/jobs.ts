import { once } from 'node:events';
import { FINAL_JOB_STATES, jobIdSchema, jobSchema } from '@mdm-console/contract';
import { stringify } from 'csv-stringify';
import type { Router } from 'express';
import type { AuditLog } from '../../domain/audit.ts';
import { explainReason, type JobService } from '../../domain/jobs/job-service.ts';
import { AppError } from '../../errors.ts';
import { currentRequestId } from '../context.ts';
import { mount, mountRaw } from '../endpoint.ts';
import type { SpaceResolver } from './space.ts';

const EVENT_POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

function jobId(params: Record<string, string>): string {
  const parsed = jobIdSchema.safeParse(params.id);
  if (!parsed.success) throw new AppError(404, 'JOB_NOT_FOUND', 'There is no job with this id.');
  return parsed.data;
}

/** A spreadsheet must not read a device name as a formula. */
const cell = (value: string | number | null): string | number =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? '');

export function jobRoutes(
  router: Router,
  deps: { jobs: JobService; audit: AuditLog; space: SpaceResolver; stopping: AbortSignal },
): void {
  const { jobs, audit, space, stopping } = deps;

  mount(
    router,
    'createJob',
    async ({ session, body, audit: details }) => {
      const spaceId = await space(session, 'filter' in body.target ? body.target.filter.space : undefined);
      const job = await jobs.create(session, body, spaceId, currentRequestId());
      details.targets = { job: job.id, description: job.targetDescription };
      details.params = { action: body.action, params: body.params };
      return job;
    },
    audit,
  );
  mount(router, 'listJobs', ({ query }) => jobs.list(query), audit);
  mount(router, 'getJob', async ({ params }) => jobs.view(await jobs.get(jobId(params))), audit);
  mount(
    router,
    'confirmJob',
    async ({ session, params, body, audit: details }) => {
      const job = await jobs.confirm(session, jobId(params), body.typed);
      details.params = { state: job.state, devices: job.preflight?.eligible ?? 0 };
      return job;
    },
    audit,
  );
  mount(router, 'approveJob', ({ session, params }) => jobs.approve(session, jobId(params)), audit);
  mount(router, 'cancelJob', ({ session, params }) => jobs.cancel(session, jobId(params)), audit);
  mount(router, 'listJobItems', ({ params, query }) => jobs.items(jobId(params), query), audit);

  mountRaw(router, 'jobItemsCsv', async ({ params, res }) => {
    const id = jobId(params);
    await jobs.get(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="job-${id}.csv"`);
    const csv = stringify({
      header: true,
      columns: [
        'device_id',
        'device_name',
        'platform',
        'owner',
        'outcome',
        'reason',
        'explanation',
        'error',
        'followed_state',
      ],
    });
    csv.pipe(res);
    for await (const page of jobs.allItems(id)) {
      for (const item of page) {
        const row = [
          item.deviceId,
          item.deviceName,
          item.platform,
          item.owner,
          item.outcome ?? 'pending',
          item.reason,
          item.reason === null ? null : explainReason(item.reason),
          item.error,
          item.followedState,
        ].map(cell);
        if (!csv.write(row)) await once(csv, 'drain');
      }
    }
    csv.end();
  });

  mountRaw(router, 'jobEvents', async ({ params, req, res }) => {
    const id = jobId(params);
    let view = jobSchema.parse(await jobs.view(await jobs.get(id)));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const connection = { closed: false };
    req.on('close', () => {
      connection.closed = true;
    });
    const ended = () => connection.closed || stopping.aborted;
    let last = '';
    let quietSince = Date.now();
    for (;;) {
      const json = JSON.stringify(view);
      if (json !== last) {
        res.write(`event: job\ndata: ${json}\n\n`);
        last = json;
        quietSince = Date.now();
      } else if (Date.now() - quietSince > HEARTBEAT_MS) {
        res.write(': still here\n\n');
        quietSince = Date.now();
      }
      if (FINAL_JOB_STATES.includes(view.state) || ended()) break;
      await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
      if (ended()) break;
      view = jobSchema.parse(await jobs.view(await jobs.get(id)));
    }
    res.end();
  });
}
