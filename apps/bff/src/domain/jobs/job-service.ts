import { randomUUID } from 'node:crypto';
import {
  JOB_ACTION_INFO,
  matchesTypedConfirmation,
  typedConfirmationOf,
  type CreateJobBody,
  type JobAction,
  type Job,
  type JobItem,
  type JobState,
  type Role,
} from '@mdm-console/contract';
import { ACTION_EXCEPTION_CODES } from '@mdm-console/mdm-api';
import type { Updateable } from 'kysely';
import { AppError } from '../../errors.ts';
import type { JobItemRow, JobRow, JobsTable } from '../../store/schema.ts';
import { filterParams } from '../device-search.ts';
import { pageOf } from '../paging.ts';
import { hasPermission } from '../permissions.ts';
import type { ActiveSession } from '../sessions.ts';
import { preflightOf, recordOutcome, type JobContext } from './job-context.ts';
import { deadlineOf, expireIfLate } from './job-deadlines.ts';
import type { StoredTarget } from './job-preparation.ts';
import type { JobRunner } from './job-runner.ts';
import { emptyCounts, type ItemCounts } from './job-store.ts';

const iso = (value: number | string | null): string | null =>
  value === null ? null : new Date(Number(value)).toISOString();

const EXPLANATIONS: Record<string, string> = {
  ...ACTION_EXCEPTION_CODES,
  DEVICE_NOT_FOUND: 'No device has this id in this space (deleted, or in another space).',
  NOT_ELIGIBLE: 'The MDM service refused the device without giving a reason.',
};

/** A reason code in words; codes the console does not know are shown as they come. */
export const explainReason = (code: string): string =>
  EXPLANATIONS[code] ?? `The MDM service reports ${code} for this device.`;

const DESTRUCTIVE_ACTIONS = Object.entries(JOB_ACTION_INFO)
  .filter(([, info]) => info.destructive)
  .map(([action]) => action);

/** The typed words a destructive job's confirmation needs; null when a click suffices. */
function typedConfirmation(job: JobRow): string | null {
  const preflight = preflightOf(job);
  const action = job.action as JobAction;
  return JOB_ACTION_INFO[action].destructive && preflight ? typedConfirmationOf(action, preflight.eligible) : null;
}

function describeTarget(body: CreateJobBody): string {
  const { target } = body;
  if ('ids' in target)
    return target.ids.length === 1
      ? `Device ${String(target.ids[0])}`
      : `${String(target.ids.length)} devices chosen one by one`;
  if ('job' in target) return `Devices of job ${target.job.slice(0, 8)} that ended ${target.outcomes.join(' or ')}`;
  const parts = [
    target.filter.q ? `text “${target.filter.q}”` : '',
    ...target.filter.f,
    target.filter.checkin ? `check-in ${target.filter.checkin}` : '',
    target.filter.registered ? `registered ${target.filter.registered}` : '',
    target.filter.fq ? `fq ${target.filter.fq}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `All devices matching ${parts.join(', ')}` : 'All devices in the space';
}

function toItem(row: JobItemRow): JobItem {
  return {
    deviceId: Number(row.device_id),
    deviceName: row.device_name,
    platform: row.platform,
    owner: row.owner,
    outcome: row.outcome as JobItem['outcome'],
    reason: row.reason,
    error: row.error,
    followedState: row.registration_state,
  };
}

/** The use cases behind /api/jobs: request, confirm, approve, cancel, read. */
export class JobService {
  private readonly ctx: JobContext;
  private readonly runner: JobRunner;

  constructor(ctx: JobContext, runner: JobRunner) {
    this.ctx = ctx;
    this.runner = runner;
  }

  /** The job as the API shows it; `known` counts spare a query when a list counted them already. */
  async view(row: JobRow, known?: ItemCounts): Promise<Job> {
    const { awaitingFinalState, ...counts } = known ?? (await this.ctx.store.counts(row.id));
    const action = row.action as JobAction;
    const preflight = preflightOf(row);
    const deadline = iso(deadlineOf(row, this.ctx.settings));
    return {
      id: row.id,
      action,
      params: JSON.parse(row.params) as Record<string, unknown>,
      targetDescription: row.target_description,
      state: row.state as JobState,
      requestedBy: row.requested_by,
      approvedBy: row.approved_by,
      createdAt: iso(row.created_at) ?? '',
      confirmedAt: iso(row.confirmed_at),
      approvedAt: iso(row.approved_at),
      runAfter: iso(row.run_after),
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      draftExpiresAt: row.state === 'draft' ? deadline : null,
      approvalExpiresAt: row.state === 'awaiting_approval' ? deadline : null,
      resolved: row.resolved,
      frozenCount: row.frozen_count,
      preflight: preflight && {
        ...preflight,
        reasons: preflight.reasons.map((reason) => ({ ...reason, explanation: explainReason(reason.code) })),
      },
      needsApproval: row.needs_approval === 1,
      typedConfirmation: typedConfirmation(row),
      counts,
      awaitingFinalState: JOB_ACTION_INFO[action].followsState ? awaitingFinalState : 0,
      error: row.error,
      retryOf: row.retry_of,
    };
  }

  async get(id: string): Promise<JobRow> {
    const row = await this.ctx.store.get(id);
    if (!row) throw new AppError(404, 'JOB_NOT_FOUND', 'There is no job with this id.');
    return row;
  }

  /** Freezes the target and runs the preflight; answers the draft (or the job still preparing, for large targets). */
  async create(session: ActiveSession, body: CreateJobBody, spaceId: number, requestId: string | null): Promise<Job> {
    const role = session.account.role as Role;
    const info = JOB_ACTION_INFO[body.action];
    if (!hasPermission(role, info.permission))
      throw new AppError(403, 'FORBIDDEN', `Your role (${role}) may not ${info.label.toLowerCase()} devices.`);
    let target: StoredTarget;
    let retryOf: string | null = null;
    if ('ids' in body.target) target = { ids: body.target.ids };
    else if ('filter' in body.target) {
      const { params } = filterParams(body.target.filter, spaceId, hasPermission(role, 'devices:fq'));
      target = { search: { ...params, sort: [{ field: 'id', order: 'ASC' }] } };
    } else {
      const source = await this.get(body.target.job);
      retryOf = source.id;
      const ids = await this.ctx.store.idsWithOutcomes(source.id, body.target.outcomes);
      if (ids.length === 0)
        throw new AppError(409, 'NOTHING_TO_RETRY', 'No device of that job ended with these outcomes.');
      target = { ids };
      spaceId = source.space_id;
    }
    const id = randomUUID();
    await this.ctx.store.insertJob({
      id,
      action: body.action,
      params: JSON.stringify(body.params),
      target: JSON.stringify(target),
      target_description: describeTarget(body),
      space_id: spaceId,
      state: 'preparing',
      requested_by_id: session.account.id,
      requested_by: session.account.email,
      requested_role: role,
      created_at: this.ctx.now(),
      retry_of: retryOf,
      request_id: requestId,
    });
    // Small targets are ready in a moment: answer the draft itself rather than make the browser wait for an event.
    await this.runner.runNow(id, 3_000);
    return this.view(await this.get(id));
  }

  async confirm(session: ActiveSession, id: string, typed: string | undefined): Promise<Job> {
    const job = await this.get(id);
    if (job.requested_by_id !== session.account.id)
      throw new AppError(403, 'NOT_REQUESTER', 'Only the person who requested this job may confirm it.');
    if (job.state !== 'draft')
      throw new AppError(409, 'JOB_NOT_DRAFT', `This job is ${job.state.replace('_', ' ')}; it cannot be confirmed.`);
    if (await expireIfLate(this.ctx, job))
      throw new AppError(409, 'DRAFT_EXPIRED', 'This preview is too old to act on; start the action again.');
    const now = this.ctx.now();
    const eligible = preflightOf(job)?.eligible ?? 0;
    if (eligible === 0) throw new AppError(409, 'NOTHING_TO_DO', 'None of these devices can take this action.');
    const expected = typedConfirmation(job);
    if (expected !== null && !matchesTypedConfirmation(expected, typed ?? ''))
      throw new AppError(400, 'TYPED_CONFIRMATION_MISMATCH', `Type “${expected}” to confirm.`);
    const destructive = JOB_ACTION_INFO[job.action as JobAction].destructive;
    const recent = destructive
      ? await this.ctx.store.destructiveDevicesSince(now - 24 * 3_600_000, DESTRUCTIVE_ACTIONS, id)
      : 0;
    const needsApproval = destructive && recent + eligible > this.ctx.settings.approvalThreshold;
    return this.moveOn(
      id,
      'draft',
      needsApproval
        ? { state: 'awaiting_approval', confirmed_at: now, needs_approval: 1 }
        : { state: 'scheduled', confirmed_at: now, run_after: now + this.ctx.settings.undoMs },
      'JOB_NOT_DRAFT',
    );
  }

  async approve(session: ActiveSession, id: string): Promise<Job> {
    const job = await this.get(id);
    const expired = (job.state === 'expired' && job.needs_approval === 1) || (await expireIfLate(this.ctx, job));
    if (expired)
      throw new AppError(409, 'APPROVAL_EXPIRED', 'Approvals expire after 24 hours; the requester must start again.');
    if (job.state !== 'awaiting_approval')
      throw new AppError(
        409,
        'NOT_AWAITING_APPROVAL',
        `This job is ${job.state.replace('_', ' ')}; there is nothing to approve.`,
      );
    if (job.requested_by_id === session.account.id)
      throw new AppError(403, 'SELF_APPROVAL', 'A second administrator must approve; you requested this job.');
    const now = this.ctx.now();
    return this.moveOn(
      id,
      'awaiting_approval',
      {
        state: 'scheduled',
        approved_by: session.account.email,
        approved_at: now,
        run_after: now + this.ctx.settings.undoMs,
      },
      'NOT_AWAITING_APPROVAL',
    );
  }

  /** Moves a job on from `from` (409 `conflict` if it changed meanwhile) and lets the runner see it at once. */
  private async moveOn(id: string, from: JobState, change: Updateable<JobsTable>, conflict: string): Promise<Job> {
    if (!(await this.ctx.store.update(id, change, [from])))
      throw new AppError(409, conflict, 'This job changed meanwhile; reload it.');
    this.runner.wake();
    return this.view(await this.get(id));
  }

  async cancel(session: ActiveSession, id: string): Promise<Job> {
    const job = await this.get(id);
    const role = session.account.role as Role;
    if (job.requested_by_id !== session.account.id && !hasPermission(role, 'jobs:approve'))
      throw new AppError(403, 'FORBIDDEN', 'Only the requester or an administrator may cancel this job.');
    const now = this.ctx.now();
    const before: JobState[] = ['preparing', 'draft', 'awaiting_approval', 'scheduled'];
    if (await this.ctx.store.update(id, { state: 'cancelled', finished_at: now, cancel_requested: 1 }, before)) {
      const left = await this.ctx.store.idsWithStatus(id, 'queued');
      // A confirmed job was promised to act: each device's cancellation is on record; an abandoned draft's is not.
      if (job.confirmed_at !== null) await recordOutcome(this.ctx, job, left, { outcome: 'cancelled' });
      else await this.ctx.store.cancelRemaining(id);
      return this.view(await this.get(id));
    }
    // Running: the request is audited as job.cancelled; the runner stops sending and records each device's end.
    if (await this.ctx.store.update(id, { cancel_requested: 1 }, ['running'])) return this.view(await this.get(id));
    const current = await this.get(id);
    throw new AppError(
      409,
      'NOT_CANCELLABLE',
      current.state === 'following'
        ? 'Everything was already sent; the devices are only being followed.'
        : `This job is ${current.state}; there is nothing left to cancel.`,
    );
  }

  async list(filter: {
    state?: JobState | undefined;
    action?: string | undefined;
    requestedBy?: string | undefined;
    before?: string | undefined;
    limit: number;
  }) {
    const before = filter.before ? await this.ctx.store.get(filter.before) : undefined;
    const rows = await this.ctx.store.list({
      ...filter,
      before: before ? { createdAt: Number(before.created_at), id: before.id } : undefined,
    });
    const { page, next } = pageOf(rows, filter.limit, (row) => row.id);
    const counts = await this.ctx.store.countsOf(page.map((row) => row.id));
    return {
      jobs: await Promise.all(page.map((row) => this.view(row, counts.get(row.id) ?? emptyCounts()))),
      nextBefore: next,
    };
  }

  async items(
    id: string,
    filter: { outcome?: JobItem['outcome'] | 'pending' | undefined; after?: number | undefined; limit: number },
  ) {
    await this.get(id);
    const rows = await this.ctx.store.items(id, {
      outcome: filter.outcome ?? undefined,
      after: filter.after,
      limit: filter.limit + 1,
    });
    const { page, next } = pageOf(rows, filter.limit, (row) => Number(row.device_id));
    return { items: page.map(toItem), nextAfter: next };
  }

  /** Every item, page by page, for the CSV. */
  async *allItems(id: string): AsyncGenerator<JobItem[]> {
    let after: number | undefined;
    for (;;) {
      const rows = await this.ctx.store.items(id, { after, limit: 1000 });
      if (rows.length === 0) return;
      yield rows.map(toItem);
      after = Number(rows[rows.length - 1]?.device_id);
    }
  }
}
