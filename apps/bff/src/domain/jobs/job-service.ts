import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  JOB_ACTION_INFO,
  JOB_ACTIONS,
  JOB_MAX_SCHEDULE_DAYS,
  matchesTypedConfirmation,
  typedConfirmationOf,
  type CreateJobBody,
  type JobAction,
  type Job,
  type JobItem,
  type JobParams,
  type JobState,
  type Permission,
  type WavePlan,
} from '@mdm-console/contract';
import { ACTION_EXCEPTION_CODES, eq, or } from '@mdm-console/mdm-api';
import { AppError } from '../../errors.ts';
import type { JobItemRecord, JobPatch, JobRecord, StoredTarget } from '../../store/job-records.ts';
import { emptyCounts, type ItemCounts, type WaveCounts } from '../../store/jobs-repository.ts';
import { filterParams } from '../device-search.ts';
import { pageOf } from '../paging.ts';
import { accessOf } from '../access.ts';
import type { DeviceScope } from '../device-scope.ts';
import type { ActiveSession } from '../sessions.ts';
import type { ImportService } from '../imports/imports.ts';
import type { OutboxEvent } from '../../store/webhook-outbox.ts';
import { finishedEvents, importKindOf, recordOutcome, type JobContext } from './job-context.ts';
import { deadlineOf, expireIfLate } from './job-deadlines.ts';
import { continueWaves, defaultWaves } from './job-waves.ts';
import type { JobRunner } from './job-runner.ts';

const iso = (value: number | null): string | null => (value === null ? null : new Date(value).toISOString());

/** A job's waves as the API shows them: the plan, where it stands, each wave's counts. */
function wavesView(row: JobRecord, plan: WavePlan, waves: ReadonlyMap<number, WaveCounts>): Job['waves'] {
  return {
    plan,
    current: row.currentWave,
    pausedUntil: iso(row.pausedUntil),
    list: [...waves.entries()]
      .sort(([a], [b]) => a - b)
      .map(([wave, { devices, pending, succeeded, ineligible, failed, unknown, cancelled }]) => ({
        wave,
        devices,
        counts: { pending, succeeded, ineligible, failed, unknown, cancelled },
      })),
  };
}

const EXPLANATIONS: Record<string, string> = {
  ...ACTION_EXCEPTION_CODES,
  DEVICE_NOT_FOUND: 'No device has this id in this space (deleted, or in another space).',
  NOT_ELIGIBLE: 'The MDM service refused the device without giving a reason.',
  NOT_IN_IMPORT: 'The import this job applies has no value for this device.',
};

/** How often a held approvals request reads the count again. */
const APPROVALS_POLL_MS = 1_000;

/** A reason code in words; codes the console does not know are shown as they come. */
export const explainReason = (code: string): string =>
  EXPLANATIONS[code] ?? `The MDM service reports ${code} for this device.`;

const DESTRUCTIVE_ACTIONS = JOB_ACTIONS.filter((action) => JOB_ACTION_INFO[action].destructive);

/** The typed words a destructive job's confirmation needs; null when a click suffices. */
function typedConfirmation(job: JobRecord): string | null {
  const { action, preflight } = job;
  return JOB_ACTION_INFO[action].destructive && preflight ? typedConfirmationOf(action, preflight.eligible) : null;
}

function describeTarget(body: CreateJobBody): string {
  const { target } = body;
  if ('ids' in target)
    return target.ids.length === 1
      ? `Device ${String(target.ids[0])}`
      : `${String(target.ids.length)} devices chosen one by one`;
  if ('job' in target) return `Devices of job ${target.job.slice(0, 8)} that ended ${target.outcomes.join(' or ')}`;
  if ('user' in target) return `All devices of ${target.user}`;
  if (!('filter' in target)) return `Devices of import ${target.import.slice(0, 8)}`;
  const parts = [
    target.filter.q ? `text “${target.filter.q}”` : '',
    ...target.filter.f,
    target.filter.checkin ? `check-in ${target.filter.checkin}` : '',
    target.filter.registered ? `registered ${target.filter.registered}` : '',
    target.filter.fq ? `fq ${target.filter.fq}` : '',
  ].filter(Boolean);
  return target.filter.all === true ? 'All devices in the space' : `All devices matching ${parts.join(', ')}`;
}

const sameImport = (a: JobParams, b: JobParams): boolean => 'import' in a && 'import' in b && a.import === b.import;

function toItem(item: JobItemRecord): JobItem {
  return {
    deviceId: item.deviceId,
    deviceName: item.deviceName,
    platform: item.platform,
    owner: item.owner,
    outcome: item.outcome,
    reason: item.reason,
    error: item.error,
    followedState: item.followedState,
    wave: item.wave,
  };
}

/** The use cases behind /api/jobs: request, confirm, approve, cancel, read. */
export class JobService {
  private readonly ctx: JobContext;
  private readonly runner: JobRunner;
  private readonly scope: DeviceScope;
  private readonly imports: ImportService;

  constructor(ctx: JobContext, runner: JobRunner, scope: DeviceScope, imports: ImportService) {
    this.ctx = ctx;
    this.runner = runner;
    this.scope = scope;
    this.imports = imports;
  }

  /** The job as the API shows it; `known` counts spare a query when a list counted them already. */
  private async view(
    row: JobRecord,
    known?: { counts: ItemCounts; waves: ReadonlyMap<number, WaveCounts> | undefined },
  ): Promise<Job> {
    const { awaitingFinalState, ...counts } = known?.counts ?? (await this.ctx.store.counts(row.id));
    const { action, preflight } = row;
    const deadline = iso(deadlineOf(row, this.ctx.settings));
    return {
      id: row.id,
      action,
      params: row.params,
      targetDescription: row.targetDescription,
      state: row.state,
      requestedBy: row.requestedBy,
      approvedBy: row.approvedBy,
      createdAt: new Date(row.createdAt).toISOString(),
      confirmedAt: iso(row.confirmedAt),
      approvedAt: iso(row.approvedAt),
      runAt: iso(row.runAt),
      runAfter: iso(row.runAfter),
      startedAt: iso(row.startedAt),
      finishedAt: iso(row.finishedAt),
      draftExpiresAt: row.state === 'draft' ? deadline : null,
      approvalExpiresAt: row.state === 'awaiting_approval' ? deadline : null,
      resolved: row.resolved,
      frozenCount: row.frozenCount,
      preflight: preflight && {
        ...preflight,
        reasons: preflight.reasons.map((reason) => ({ ...reason, explanation: explainReason(reason.code) })),
      },
      needsApproval: row.needsApproval,
      typedConfirmation: typedConfirmation(row),
      counts,
      waves:
        row.waves &&
        wavesView(row, row.waves, known ? (known.waves ?? new Map()) : await this.ctx.store.waveCounts(row.id)),
      defaultWaves: row.state === 'draft' ? await this.wavesByDefault(row) : null,
      awaitingFinalState: JOB_ACTION_INFO[action].followsState ? awaitingFinalState : 0,
      error: row.error,
      retryOf: row.retryOf,
    };
  }

  /** Whether confirming this draft now would need a second admin (destructive devices over the day's threshold). */
  private async needsApproval(job: JobRecord): Promise<boolean> {
    if (!JOB_ACTION_INFO[job.action].destructive) return false;
    const recent = await this.destructiveDevicesSince(this.ctx.now() - 24 * 3_600_000, job.id);
    return recent + (job.preflight?.eligible ?? 0) > this.ctx.settings.approvalThreshold;
  }

  /** The waves a draft runs in unless its requester says otherwise: a canary, for jobs that need approval. */
  private async wavesByDefault(job: JobRecord): Promise<WavePlan | null> {
    if (job.waves) return job.waves;
    return (await this.needsApproval(job)) ? defaultWaves(job.preflight?.eligible ?? 0) : null;
  }

  /** A job as the API shows it. */
  async read(session: ActiveSession, id: string): Promise<Job> {
    return this.view(await this.get(session, id));
  }

  /** The job, if the user may see it: one in a space outside theirs does not exist for them. */
  private async get(session: ActiveSession, id: string, permission: Permission = 'audit:read'): Promise<JobRecord> {
    const missing = new AppError(404, 'JOB_NOT_FOUND', 'There is no job with this id.');
    const row = await this.ctx.store.get(id);
    if (!row) throw missing;
    return this.scope.record(session, row, permission, missing);
  }

  private async reload(id: string): Promise<JobRecord> {
    const row = await this.ctx.store.get(id);
    if (!row) throw new AppError(404, 'JOB_NOT_FOUND', 'There is no job with this id.');
    return row;
  }

  /** Freezes the target and runs the preflight; answers the draft (or the job still preparing, for large targets). */
  async create(session: ActiveSession, body: CreateJobBody, requestId: string | null): Promise<Job> {
    const access = accessOf(session.account);
    const info = JOB_ACTION_INFO[body.action];
    if (!access.canSomewhere(info.permission))
      throw new AppError(
        403,
        'FORBIDDEN',
        `Your role (${access.topRole}) may not ${info.label.toLowerCase()} devices.`,
      );
    let spaceId: number;
    let target: StoredTarget;
    let retryOf: string | null = null;
    let description = describeTarget(body);
    if ('import' in body.target) {
      const kind = importKindOf(body.action);
      if (kind === undefined || !('import' in body.params) || body.params.import !== body.target.import)
        throw new AppError(400, 'IMPORT_MISMATCH', 'An import is applied by its own jobs, with the same import id.');
      const { record, ids } = await this.imports.applicable(session, body.target.import, kind);
      spaceId = record.spaceId;
      target = { ids };
      description = `${String(ids.length)} devices of the import of ${record.fileName}`;
    } else if ('ids' in body.target) {
      spaceId = await this.scope.space(session, undefined, info.permission);
      // Before anything is frozen: ids in a space the user may not act on are refused, not quietly left out.
      await this.scope.deviceIds(session, body.target.ids, info.permission);
      target = { ids: body.target.ids };
    } else if ('user' in body.target) {
      // A person's devices are a filter on their e-mail or UID, frozen at the preflight like any other filter.
      spaceId = await this.scope.space(session, undefined, info.permission);
      const person = body.target.user;
      target = {
        search: {
          fq: [or(eq('emailAddress', person), eq('uid', person))],
          dmPartitionId: spaceId,
          sort: [{ field: 'id', order: 'ASC' }],
        },
      };
    } else if ('filter' in body.target) {
      spaceId = await this.scope.space(session, body.target.filter.space, info.permission);
      const { params } = filterParams(body.target.filter, spaceId, access.can('devices:fq', spaceId));
      target = { search: { ...params, sort: [{ field: 'id', order: 'ASC' }] } };
    } else {
      const source = await this.get(session, body.target.job, info.permission);
      // An import's values belong to its own jobs: a retry applies the same import, never another's values.
      if (info.fromImport && (source.action !== body.action || !sameImport(source.params, body.params)))
        throw new AppError(400, 'IMPORT_MISMATCH', 'A retry of an import job applies the same import.');
      retryOf = source.id;
      const ids = await this.ctx.store.idsWithOutcomes(source.id, body.target.outcomes);
      if (ids.length === 0)
        throw new AppError(409, 'NOTHING_TO_RETRY', 'No device of that job ended with these outcomes.');
      target = { ids };
      spaceId = source.spaceId;
    }
    const runAt = this.scheduledTime(body.runAt);
    const id = randomUUID();
    await this.ctx.store.insertJob({
      id,
      action: body.action,
      params: body.params,
      target,
      targetDescription: description,
      spaceId,
      requestedById: session.account.id,
      requestedBy: session.account.email,
      requestedRole: access.roleIn(spaceId) ?? access.topRole,
      createdAt: this.ctx.now(),
      runAt,
      waves: body.waves ?? null,
      retryOf,
      requestId,
    });
    // Small targets are ready in a moment: answer the draft itself rather than make the browser wait for an event.
    await this.runner.runNow(id, 3_000);
    return this.view(await this.reload(id));
  }

  /** A requested `runAt` as epoch milliseconds: later than now, and not beyond the scheduling horizon. */
  private scheduledTime(runAt: string | undefined): number | null {
    if (runAt === undefined) return null;
    const time = Date.parse(runAt);
    const now = this.ctx.now();
    if (time <= now)
      throw new AppError(
        400,
        'RUN_AT_PAST',
        `runAt (${runAt}) is already past: choose a later time, or none to send now.`,
      );
    if (time > now + JOB_MAX_SCHEDULE_DAYS * 24 * 3_600_000)
      throw new AppError(
        400,
        'RUN_AT_TOO_FAR',
        `A job may be scheduled at most ${String(JOB_MAX_SCHEDULE_DAYS)} days ahead; runAt is ${runAt}.`,
      );
    return time;
  }

  /** When a job confirmed or approved now may start: after the undo window, and not before its scheduled time. */
  private startTime(job: JobRecord, now: number): number {
    return Math.max(now + this.ctx.settings.undoMs, job.runAt ?? 0);
  }

  async confirm(
    session: ActiveSession,
    id: string,
    body: { typed?: string | undefined; runAt?: string | undefined; waves?: WavePlan | null | undefined },
  ): Promise<Job> {
    const { typed } = body;
    const requested = await this.get(session, id);
    // A time given at confirmation replaces the one the job was created with.
    const scheduled = this.scheduledTime(body.runAt);
    const job = scheduled === null ? requested : { ...requested, runAt: scheduled };
    if (job.requestedById !== session.account.id)
      throw new AppError(403, 'NOT_REQUESTER', 'Only the person who requested this job may confirm it.');
    if (job.state !== 'draft')
      throw new AppError(409, 'JOB_NOT_DRAFT', `This job is ${job.state.replace('_', ' ')}; it cannot be confirmed.`);
    if (await expireIfLate(this.ctx, job))
      throw new AppError(409, 'DRAFT_EXPIRED', 'This preview is too old to act on; start the action again.');
    const now = this.ctx.now();
    const eligible = job.preflight?.eligible ?? 0;
    if (eligible === 0) throw new AppError(409, 'NOTHING_TO_DO', 'None of these devices can take this action.');
    if (job.runAt !== null && job.runAt <= now)
      throw new AppError(
        409,
        'RUN_AT_PASSED',
        'The time this job was scheduled for has passed; start the action again with a new time.',
      );
    const expected = typedConfirmation(job);
    if (expected !== null && !matchesTypedConfirmation(expected, typed ?? ''))
      throw new AppError(400, 'TYPED_CONFIRMATION_MISMATCH', `Type “${expected}” to confirm.`);
    const needsApproval = await this.needsApproval(job);
    // Waves named at confirmation win (null: all at once); else those of the request, else the canary default.
    const waves =
      body.waves !== undefined ? body.waves : (job.waves ?? (needsApproval ? defaultWaves(eligible) : null));
    const decided = { confirmedAt: now, waves, ...(scheduled === null ? {} : { runAt: scheduled }) };
    if (needsApproval) {
      const events = this.ctx.webhooks.aboutJob('job.approval_requested', job, { state: 'awaiting_approval' }, now);
      return this.moveOn(
        id,
        'draft',
        { state: 'awaiting_approval', needsApproval: true, ...decided },
        'JOB_NOT_DRAFT',
        events,
      );
    }
    return this.moveOn(
      id,
      'draft',
      { state: 'scheduled', runAfter: this.startTime(job, now), ...decided },
      'JOB_NOT_DRAFT',
    );
  }

  async approve(session: ActiveSession, id: string): Promise<Job> {
    // Every device of a job lies in its space: an approver whose role there allows approval covers them all.
    const job = await this.get(session, id);
    if (!accessOf(session.account).can('jobs:approve', job.spaceId))
      throw new AppError(
        403,
        'OUTSIDE_YOUR_SPACES',
        `This job's devices are in device space ${String(job.spaceId)}, where you may not approve.`,
        { details: { rule: 'spaces' } },
      );
    const expired = (job.state === 'expired' && job.needsApproval) || (await expireIfLate(this.ctx, job));
    if (expired) {
      const why = (await this.reload(id)).error ?? 'The approval window has passed.';
      throw new AppError(409, 'APPROVAL_EXPIRED', `${why} The requester must start again.`);
    }
    if (job.state !== 'awaiting_approval')
      throw new AppError(
        409,
        'NOT_AWAITING_APPROVAL',
        `This job is ${job.state.replace('_', ' ')}; there is nothing to approve.`,
      );
    if (job.requestedById === session.account.id)
      throw new AppError(403, 'SELF_APPROVAL', 'A second administrator must approve; you requested this job.');
    const now = this.ctx.now();
    return this.moveOn(
      id,
      'awaiting_approval',
      {
        state: 'scheduled',
        approvedBy: session.account.email,
        approvedAt: now,
        runAfter: this.startTime(job, now),
      },
      'NOT_AWAITING_APPROVAL',
    );
  }

  /** Devices of destructive jobs confirmed since `since` and not cancelled before running (the approval rail). */
  private async destructiveDevicesSince(since: number, exceptJob: string): Promise<number> {
    const preflights = await this.ctx.store.preflightsConfirmedSince(
      since,
      DESTRUCTIVE_ACTIONS,
      ['awaiting_approval', 'scheduled', 'running', 'paused', 'halted', 'following', 'completed'],
      exceptJob,
    );
    return preflights.reduce((sum, preflight) => sum + preflight.eligible, 0);
  }

  /**
   * Moves a job on from `from` (409 `conflict` if it changed meanwhile) and lets the runner see it at once. The answer
   * is the job as moved, read before the runner is woken (another process's runner may still have started it).
   */
  private async moveOn(
    id: string,
    from: JobState,
    change: JobPatch,
    conflict: string,
    events: readonly OutboxEvent[] = [],
  ): Promise<Job> {
    if (!(await this.ctx.store.update(id, change, [from], events)))
      throw new AppError(409, conflict, 'This job changed meanwhile; reload it.');
    const moved = await this.reload(id);
    this.runner.wake();
    return this.view(moved);
  }

  /** Sends the next wave of a paused or halted job: its requester, or whoever may approve jobs in its space. */
  async continue(session: ActiveSession, id: string): Promise<Job> {
    const job = await this.get(session, id);
    if (job.requestedById !== session.account.id && !accessOf(session.account).can('jobs:approve', job.spaceId))
      throw new AppError(403, 'FORBIDDEN', 'Only the requester or an administrator may continue this job.');
    if (!(await continueWaves(this.ctx, job)))
      throw new AppError(
        409,
        'NOT_PAUSED',
        `This job is ${job.state.replace('_', ' ')}; only a job paused or halted between waves can be continued.`,
      );
    this.runner.wake();
    return this.view(await this.reload(id));
  }

  async cancel(session: ActiveSession, id: string): Promise<Job> {
    const job = await this.get(session, id);
    if (job.requestedById !== session.account.id && !accessOf(session.account).can('jobs:approve', job.spaceId))
      throw new AppError(403, 'FORBIDDEN', 'Only the requester or an administrator may cancel this job.');
    const now = this.ctx.now();
    // Nothing is in flight before a job runs, nor between its waves: what is left is cancelled at once.
    const before: JobState[] = ['preparing', 'draft', 'awaiting_approval', 'scheduled', 'paused', 'halted'];
    const events = await finishedEvents(this.ctx, job, 'cancelled', {
      reason: `cancelled by ${session.account.email}`,
    });
    const change = { state: 'cancelled', finishedAt: now, cancelRequested: true } as const;
    if (await this.ctx.store.update(id, change, before, events)) {
      const left = await this.ctx.store.idsWithStatus(id, 'queued');
      // A confirmed job was promised to act: each device's cancellation is on record; an abandoned draft's is not.
      if (job.confirmedAt !== null) await recordOutcome(this.ctx, job, left, { outcome: 'cancelled' });
      else await this.ctx.store.cancelRemaining(id);
      return this.view(await this.reload(id));
    }
    // Running: the request is audited as job.cancelled; the runner stops sending and records each device's end.
    if (await this.ctx.store.update(id, { cancelRequested: true }, ['running']))
      return this.view(await this.reload(id));
    const current = await this.reload(id);
    throw new AppError(
      409,
      'NOT_CANCELLABLE',
      current.state === 'following'
        ? 'Everything was already sent; the devices are only being followed.'
        : `This job is ${current.state}; there is nothing left to cancel.`,
    );
  }

  async list(
    session: ActiveSession,
    filter: {
      state?: JobState | undefined;
      action?: JobAction | undefined;
      requestedBy?: string | undefined;
      before?: string | undefined;
      order: 'newest' | 'soonest';
      limit: number;
    },
  ) {
    if (filter.before !== undefined && filter.order === 'soonest')
      throw new AppError(
        400,
        'BEFORE_NEEDS_NEWEST',
        '`before` pages the newest-first list; leave it out with order=soonest.',
      );
    const before = filter.before ? await this.ctx.store.get(filter.before) : undefined;
    const rows = await this.ctx.store.list({
      ...filter,
      spaces: this.scope.listable(session, 'audit:read'),
      requestedBy: filter.requestedBy?.toLowerCase(),
      limit: filter.limit + 1,
      before: before ? { createdAt: before.createdAt, id: before.id } : undefined,
    });
    const { page, next } = pageOf(rows, filter.limit, (row) => row.id);
    const ids = page.map((row) => row.id);
    // Counted for the whole page at once: a list of jobs is two queries, whatever its length.
    const [counts, waves] = await Promise.all([
      this.ctx.store.countsOf(ids),
      this.ctx.store.waveCountsOf(page.filter((row) => row.waves).map((row) => row.id)),
    ]);
    return {
      jobs: await Promise.all(
        page.map((row) => this.view(row, { counts: counts.get(row.id) ?? emptyCounts(), waves: waves.get(row.id) })),
      ),
      nextBefore: next,
    };
  }

  /**
   * How many jobs wait for this person's approval. Given the count they show, the answer is held until it differs,
   * `holdMs` passes or `signal` aborts (the browser left): a live count at one small query per second per approver.
   */
  async waitingApprovals(
    session: ActiveSession,
    known: number | undefined,
    options: { holdMs: number; signal: AbortSignal },
  ): Promise<{ waiting: number }> {
    const spaces = this.scope.listable(session, 'jobs:approve');
    const count = () => this.ctx.store.countAwaitingApproval(spaces, session.account.id);
    const until = performance.now() + options.holdMs;
    const over = () => options.signal.aborted || performance.now() >= until;
    let waiting = await count();
    while (waiting === known && !over()) {
      await sleep(APPROVALS_POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
      if (!over()) waiting = await count();
    }
    return { waiting };
  }

  async items(
    session: ActiveSession,
    id: string,
    filter: { outcome?: JobItem['outcome'] | 'pending' | undefined; after?: number | undefined; limit: number },
  ) {
    await this.get(session, id);
    const rows = await this.ctx.store.items(id, {
      outcome: filter.outcome ?? undefined,
      after: filter.after,
      limit: filter.limit + 1,
    });
    const { page, next } = pageOf(rows, filter.limit, (row) => row.deviceId);
    return { items: page.map(toItem), nextAfter: next };
  }

  /** Every item, page by page, for the CSV. */
  async *allItems(id: string): AsyncGenerator<JobItem[]> {
    let after: number | undefined;
    for (;;) {
      const rows = await this.ctx.store.items(id, { after, limit: 1000 });
      if (rows.length === 0) return;
      yield rows.map(toItem);
      after = rows[rows.length - 1]?.deviceId;
    }
  }
}
