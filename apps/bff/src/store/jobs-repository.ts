import type { JobAction, JobCounts, JobOutcome, JobState } from '@mdm-console/contract';
import { sql, type Kysely, type Updateable } from 'kysely';
import { z } from 'zod';
import { AuditRepository, type NewAuditRecord } from './audit-repository.ts';
import { jsonColumn, parseRow } from './columns.ts';
import {
  jobItemRecordSchema,
  jobRecordSchema,
  preflightSchema,
  type JobItemRecord,
  type JobPatch,
  type JobRecord,
  type NewJob,
  type NewJobItem,
  type Preflight,
} from './job-records.ts';
import type { StoreKind } from './db.ts';
import type { Database, JobItemStatus, JobsTable } from './schema.ts';
import { insertOutboxEvent, type OutboxEvent } from './webhook-outbox.ts';

/** Rows per insert, ids per IN list: well under PostgreSQL's 65,535 parameters and SQLite's limits. */
const INSERT_BATCH = 500;
const ANALYZE_AFTER_ITEMS = 1_000;

export interface ItemOutcome {
  outcome: JobOutcome;
  reason?: string | null;
  error?: string | null;
}

export type ItemCounts = JobCounts & { awaitingFinalState: number };
/** A wave's counts, and how many devices it has. */
export type WaveCounts = ItemCounts & { devices: number };

export const emptyCounts = (): ItemCounts => ({
  pending: 0,
  succeeded: 0,
  ineligible: 0,
  failed: 0,
  unknown: 0,
  cancelled: 0,
  awaitingFinalState: 0,
});

export interface JobListFilter {
  state?: JobState | undefined;
  action?: JobAction | undefined;
  requestedBy?: string | undefined;
  /** Jobs listed after this one (newest first). */
  before?: { createdAt: number; id: string } | undefined;
  /** Only jobs in these device spaces; null or absent for every space. */
  spaces?: readonly number[] | null;
  /** Newest created first, or only jobs scheduled for a time, the soonest first. */
  order?: 'newest' | 'soonest';
  limit: number;
}

export interface JobItemFilter {
  outcome?: JobOutcome | 'pending' | undefined;
  after?: number | undefined;
  limit: number;
}

/** Who claims a chunk, when, for how long, how many items, from which wave (0: a job sent all at once). */
export interface ChunkClaim {
  owner: string;
  now: number;
  leaseMs: number;
  size: number;
  wave: number;
}

const sortedIds = (rows: readonly { device_id: number | string }[]): number[] =>
  rows.map((row) => Number(row.device_id)).sort((a, b) => a - b);

const toJob = (row: unknown): JobRecord => parseRow(jobRecordSchema, 'jobs', row);
const preflightColumnSchema = z.object({ preflight: jsonColumn(preflightSchema).nullable() });
const toItem = (row: unknown): JobItemRecord => parseRow(jobItemRecordSchema, 'job_items', row);

/** The columns a patch sets; Kysely leaves a column whose value is undefined as it is. */
function columnsOf(patch: JobPatch): Updateable<JobsTable> {
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
  return {
    state: patch.state,
    approved_by: patch.approvedBy,
    approved_at: patch.approvedAt,
    confirmed_at: patch.confirmedAt,
    run_after: patch.runAfter,
    run_at: patch.runAt,
    waves: patch.waves === undefined ? undefined : patch.waves === null ? null : JSON.stringify(patch.waves),
    current_wave: patch.currentWave,
    wave_count: patch.waveCount,
    paused_until: patch.pausedUntil,
    started_at: patch.startedAt,
    finished_at: patch.finishedAt,
    follow_until: patch.followUntil,
    resolved: patch.resolved,
    frozen_count: patch.frozenCount,
    preflight: patch.preflight === undefined ? undefined : JSON.stringify(patch.preflight),
    needs_approval: flag(patch.needsApproval),
    cancel_requested: flag(patch.cancelRequested),
    error: patch.error,
  };
}

/** Jobs and their items in the database: the runner's only memory, so that a restart loses nothing. */
export class JobsRepository {
  private readonly db: Kysely<Database>;
  private readonly kind: StoreKind;

  constructor(db: Kysely<Database>, kind: StoreKind) {
    this.db = db;
    this.kind = kind;
  }

  async insertJob(job: NewJob): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        action: job.action,
        params: JSON.stringify(job.params),
        target: JSON.stringify(job.target),
        target_description: job.targetDescription,
        space_id: job.spaceId,
        state: 'preparing',
        requested_by_id: job.requestedById,
        requested_by: job.requestedBy,
        requested_role: job.requestedRole,
        created_at: job.createdAt,
        retry_of: job.retryOf,
        request_id: job.requestId,
        approved_by: null,
        approved_at: null,
        confirmed_at: null,
        run_after: null,
        run_at: job.runAt,
        waves: job.waves === null ? null : JSON.stringify(job.waves),
        started_at: null,
        finished_at: null,
        follow_until: null,
        preflight: null,
        error: null,
        lease_owner: null,
        lease_until: null,
      })
      .execute();
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async isCancelRequested(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('jobs').select('cancel_requested').where('id', '=', id).executeTakeFirst();
    return row?.cancel_requested === 1;
  }

  /** Changes a job; with `from`, only if it is in one of those states (answers whether it changed). */
  /**
   * Changes the job (only while it is in one of `from`, when given); answers whether it did. `events` go to the
   * webhook outbox in the same transaction, only when the change was made: they are told exactly when it happened.
   */
  async update(
    id: string,
    patch: JobPatch,
    from?: readonly JobState[],
    events: readonly OutboxEvent[] = [],
  ): Promise<boolean> {
    const change = async (db: Kysely<Database>) => {
      let query = db.updateTable('jobs').set(columnsOf(patch)).where('id', '=', id);
      if (from) query = query.where('state', 'in', from);
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    };
    if (events.length === 0) return change(this.db);
    return this.db.transaction().execute(async (trx) => {
      if (!(await change(trx))) return false;
      for (const event of events) await insertOutboxEvent(trx, event);
      return true;
    });
  }

  /** Takes or renews the job for `owner` unless another process holds a live claim. */
  async claim(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** How many jobs are in each state. */
  async countByState(): Promise<Map<JobState, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['state', eb.fn.countAll<number | string>().as('n')])
      .groupBy('state')
      .execute();
    return new Map(rows.map((row) => [row.state, Number(row.n)]));
  }

  /**
   * The jobs the runner must look at now, oldest first: being prepared, sent or followed; due to start; or past the
   * time a person had to confirm or approve them. Jobs scheduled for later are not read at all.
   */
  async needingAttention(now: number, windows: { draftTtlMs: number; approvalTtlMs: number }): Promise<JobRecord[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('state', 'in', ['preparing', 'running', 'following']),
          eb.and([eb('state', '=', 'scheduled'), eb('run_after', '<=', now)]),
          eb.and([eb('state', '=', 'paused'), eb('paused_until', '<=', now)]),
          eb.and([eb('state', '=', 'draft'), eb('created_at', '<', now - windows.draftTtlMs)]),
          eb.and([
            eb('state', '=', 'awaiting_approval'),
            eb.or([eb('confirmed_at', '<', now - windows.approvalTtlMs), eb('run_at', '<', now)]),
          ]),
        ]),
      )
      .orderBy('created_at')
      .execute();
    return rows.map(toJob);
  }

  async list(filter: JobListFilter): Promise<JobRecord[]> {
    let query = this.db.selectFrom('jobs').selectAll().limit(filter.limit);
    query =
      filter.order === 'soonest'
        ? query.where('run_at', 'is not', null).orderBy('run_at', 'asc').orderBy('id', 'asc')
        : query.orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.requestedBy) query = query.where('requested_by', '=', filter.requestedBy);
    if (filter.spaces)
      query = filter.spaces.length === 0 ? query.where(sql.lit(false)) : query.where('space_id', 'in', filter.spaces);
    const before = filter.before;
    // Keyset on (created_at, id): jobs created in the same millisecond are neither skipped nor repeated.
    if (before)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
        ]),
      );
    return (await query.execute()).map(toJob);
  }

  /** Jobs awaiting approval in `spaces` (null: every space) requested by anyone but `requesterId`. */
  async countAwaitingApproval(spaces: readonly number[] | null, requesterId: number): Promise<number> {
    if (spaces?.length === 0) return 0;
    let query = this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('state', '=', 'awaiting_approval')
      .where('requested_by_id', '!=', requesterId);
    if (spaces) query = query.where('space_id', 'in', spaces);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The preflights of jobs with one of `actions` confirmed since `since`, in one of `states`, except `exceptJob`. */
  async preflightsConfirmedSince(
    since: number,
    actions: readonly JobAction[],
    states: readonly JobState[],
    exceptJob: string,
  ): Promise<Preflight[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select('preflight')
      .where('action', 'in', actions)
      .where('confirmed_at', '>=', since)
      .where('state', 'in', states)
      .where('id', '!=', exceptJob)
      .execute();
    return rows.flatMap((row) => parseRow(preflightColumnSchema, 'jobs', row).preflight ?? []);
  }

  async insertItems(jobId: string, items: readonly NewJobItem[]): Promise<void> {
    const rows = items.map((item) => ({
      job_id: jobId,
      device_id: item.deviceId,
      seq: item.seq,
      device_name: item.deviceName,
      platform: item.platform,
      owner: item.owner,
      status: item.status,
      outcome: item.outcome,
      reason: item.reason,
      error: null,
      registration_state: item.registrationState,
      model: item.model,
    }));
    for (let k = 0; k < rows.length; k += INSERT_BATCH)
      await this.db
        .insertInto('job_items')
        .values(rows.slice(k, k + INSERT_BATCH))
        .execute();
  }

  /**
   * Told that a job's `count` devices were just frozen. After thousands, PostgreSQL's statistics are refreshed at
   * once: until autovacuum does (a minute or more later), the planner believes the job has a handful of items and
   * reads all of them for each chunk claim. A small job is cheap to read either way, and not worth an ANALYZE.
   */
  async itemsArrived(count: number): Promise<void> {
    if (this.kind === 'postgres' && count >= ANALYZE_AFTER_ITEMS) await sql`analyze job_items`.execute(this.db);
  }

  async deleteItems(jobId: string): Promise<void> {
    await this.db.deleteFrom('job_items').where('job_id', '=', jobId).execute();
  }

  async counts(jobId: string): Promise<ItemCounts> {
    return (await this.countsOf([jobId])).get(jobId) ?? emptyCounts();
  }

  /** Counts per outcome of several jobs in one query (a list of jobs). */
  async countsOf(jobIds: readonly string[]): Promise<Map<string, ItemCounts>> {
    const all = new Map<string, ItemCounts>();
    if (jobIds.length === 0) return all;
    const rows = await this.db
      .selectFrom('job_items')
      .select((eb) => ['job_id', 'outcome', 'final', eb.fn.countAll<number | string>().as('n')])
      .where('job_id', 'in', jobIds)
      .groupBy(['job_id', 'outcome', 'final'])
      .execute();
    for (const row of rows) {
      const counts = all.get(row.job_id) ?? emptyCounts();
      const n = Number(row.n);
      counts[row.outcome ?? 'pending'] += n;
      if (row.outcome === 'succeeded' && row.final === 0) counts.awaitingFinalState += n;
      all.set(row.job_id, counts);
    }
    return all;
  }

  /** Ids of the items in `status`, in the frozen order. */
  idsWithStatus(jobId: string, status: JobItemStatus): Promise<number[]> {
    return this.ids(jobId, [status], []);
  }

  /** Ids of the items that ended in one of `outcomes`, in the frozen order. */
  idsWithOutcomes(jobId: string, outcomes: readonly JobOutcome[]): Promise<number[]> {
    return this.ids(jobId, [], outcomes);
  }

  private async ids(
    jobId: string,
    statuses: readonly JobItemStatus[],
    outcomes: readonly JobOutcome[],
  ): Promise<number[]> {
    let query = this.db.selectFrom('job_items').select('device_id').where('job_id', '=', jobId);
    if (statuses.length > 0) query = query.where('status', 'in', statuses);
    if (outcomes.length > 0) query = query.where('outcome', 'in', outcomes);
    const rows = await query.orderBy('seq').execute();
    return rows.map((row) => Number(row.device_id));
  }

  /** Items acted on whose followed state is not final yet. */
  async awaitingFinal(jobId: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('job_items')
      .select('device_id')
      .where('job_id', '=', jobId)
      .where('outcome', '=', 'succeeded')
      .where('final', '=', 0)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => Number(row.device_id));
  }

  /**
   * Write-ahead: these ids are about to be sent again (a retry); after a crash they count as possibly sent. Only items
   * still queued under this owner's claim are marked (a cancel may have ended some meanwhile): answers those, the ones
   * to send.
   */
  async markSent(jobId: string, ids: readonly number[], owner: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('job_items')
      .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1) }))
      .where('job_id', '=', jobId)
      .where('device_id', 'in', ids)
      .where('status', '=', 'queued')
      .where('claim_owner', '=', owner)
      .returning('device_id')
      .execute();
    return sortedIds(rows);
  }

  /**
   * Claims the next chunk of queued items of the job's wave for `owner` and marks it sent, in one statement: the
   * claim is the write-ahead of the send that follows at once, so a process killed from here on leaves the chunk
   * "maybe sent", never re-sent blindly.
   */
  async claimToSend(jobId: string, claim: ChunkClaim): Promise<number[]> {
    return sortedIds(
      await this.claimFree(jobId, 'queued', claim)
        .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1) }))
        .returning('device_id')
        .execute(),
    );
  }

  /** Claims a chunk a dead process left sent (its claim lapsed): the claimer settles it as ambiguous. */
  async claimOrphans(jobId: string, claim: ChunkClaim): Promise<number[]> {
    return sortedIds(await this.claimFree(jobId, 'sent', claim).returning('device_id').execute());
  }

  /**
   * Up to `size` items of the job's wave in `status` that no live claim holds, in the frozen order, claimed for
   * `owner` until `now + leaseMs`. On PostgreSQL the rows are locked with SKIP LOCKED: processes claiming at once take
   * different chunks rather than waiting for each other.
   */
  private claimFree(jobId: string, status: 'queued' | 'sent', claim: ChunkClaim) {
    const free = this.db
      .selectFrom('job_items')
      .select('device_id')
      .where('job_id', '=', jobId)
      .where('status', '=', status)
      .where('wave', '=', claim.wave)
      .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', claim.now)]))
      .orderBy('seq')
      .limit(claim.size);
    return (
      this.db
        .updateTable('job_items')
        .set({ claim_owner: claim.owner, claim_until: claim.now + claim.leaseMs })
        .where('job_id', '=', jobId)
        // PostgreSQL may run an IN (… LIMIT n FOR UPDATE SKIP LOCKED) subquery more than once and so claim more than
        // n rows; ARRAY(…) runs it exactly once. SQLite has one writer at a time and no row locks.
        .where(
          this.kind === 'postgres'
            ? sql<boolean>`device_id = any(array(${free.forUpdate().skipLocked()}))`
            : sql<boolean>`device_id in (${free})`,
        )
    );
  }

  /** Extends the claims `owner` holds on the items of `jobIds` not done yet (called well before the claims lapse). */
  async renewClaims(owner: string, jobIds: readonly string[], now: number, leaseMs: number): Promise<void> {
    if (jobIds.length === 0) return;
    await this.db
      .updateTable('job_items')
      .set({ claim_until: now + leaseMs })
      .where('job_id', 'in', jobIds)
      .where('status', '!=', 'done')
      .where('claim_owner', '=', owner)
      .execute();
  }

  /** Gives back `owner`'s claims on the job's items still queued (its task ended), for other processes to take at once. */
  async releaseClaims(jobId: string, owner: string): Promise<void> {
    await this.db
      .updateTable('job_items')
      .set({ claim_owner: null, claim_until: null })
      .where('job_id', '=', jobId)
      .where('status', '=', 'queued')
      .where('claim_owner', '=', owner)
      .execute();
  }

  /** The devices still to send, in the frozen order, with what sampling a first wave looks at. */
  async queuedForWaves(jobId: string): Promise<{ deviceId: number; platform: string | null; model: string | null }[]> {
    const rows = await this.db
      .selectFrom('job_items')
      .select(['device_id', 'platform', 'model'])
      .where('job_id', '=', jobId)
      .where('status', '=', 'queued')
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ deviceId: Number(row.device_id), platform: row.platform, model: row.model }));
  }

  /** Puts the devices of `waves[k]` in wave k + 1. */
  async assignWaves(jobId: string, waves: readonly (readonly number[])[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [k, ids] of waves.entries())
        for (let start = 0; start < ids.length; start += INSERT_BATCH)
          await trx
            .updateTable('job_items')
            .set({ wave: k + 1 })
            .where('job_id', '=', jobId)
            .where('device_id', 'in', ids.slice(start, start + INSERT_BATCH))
            .execute();
    });
  }

  /** Each wave's devices and counts per outcome, by wave number (only `wave`'s, when given). */
  async waveCounts(jobId: string, wave?: number): Promise<Map<number, WaveCounts>> {
    return (await this.waveCountsOf([jobId], wave)).get(jobId) ?? new Map<number, WaveCounts>();
  }

  /** The waves' counts of several jobs in one query (a list of jobs), by job, then by wave number. */
  async waveCountsOf(jobIds: readonly string[], wave?: number): Promise<Map<string, Map<number, WaveCounts>>> {
    const all = new Map<string, Map<number, WaveCounts>>();
    if (jobIds.length === 0) return all;
    let query = this.db
      .selectFrom('job_items')
      .select((eb) => ['job_id', 'wave', 'outcome', 'final', eb.fn.countAll<number | string>().as('n')])
      .where('job_id', 'in', jobIds)
      .where('wave', '>', 0);
    if (wave !== undefined) query = query.where('wave', '=', wave);
    const rows = await query.groupBy(['job_id', 'wave', 'outcome', 'final']).execute();
    for (const row of rows) {
      const waves = all.get(row.job_id) ?? new Map<number, WaveCounts>();
      const counts = waves.get(row.wave) ?? { ...emptyCounts(), devices: 0 };
      const n = Number(row.n);
      counts[row.outcome ?? 'pending'] += n;
      counts.devices += n;
      if (row.outcome === 'succeeded' && row.final === 0) counts.awaitingFinalState += n;
      all.set(row.job_id, waves.set(row.wave, counts));
    }
    return all;
  }

  async requeue(jobId: string, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('job_items')
      .set({ status: 'queued' })
      .where('job_id', '=', jobId)
      .where('device_id', 'in', ids)
      .execute();
  }

  /** Records the items' outcome and its audit events in one transaction: neither is ever written without the other. */
  async setOutcome(
    jobId: string,
    ids: readonly number[],
    outcome: ItemOutcome,
    audit: readonly NewAuditRecord[] = [],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let k = 0; k < ids.length; k += INSERT_BATCH) {
        await trx
          .updateTable('job_items')
          .set({
            status: 'done',
            outcome: outcome.outcome,
            reason: outcome.reason ?? null,
            error: outcome.error ?? null,
          })
          .where('job_id', '=', jobId)
          .where('device_id', 'in', ids.slice(k, k + INSERT_BATCH))
          .execute();
      }
      await new AuditRepository(trx, this.kind).insert(audit);
    });
  }

  /** Every item without an outcome becomes cancelled; answers their ids. */
  async cancelRemaining(jobId: string): Promise<number[]> {
    const ids = await this.idsWithStatus(jobId, 'queued');
    await this.db
      .updateTable('job_items')
      .set({ status: 'done', outcome: 'cancelled' })
      .where('job_id', '=', jobId)
      .where('status', '=', 'queued')
      .execute();
    return ids;
  }

  /** The state a followed action watches (registration state, or reassignment status), and whether it is final. */
  async setFollowedState(jobId: string, ids: readonly number[], state: string, final: boolean): Promise<void> {
    for (let k = 0; k < ids.length; k += INSERT_BATCH) {
      await this.db
        .updateTable('job_items')
        .set({ registration_state: state, final: final ? 1 : 0 })
        .where('job_id', '=', jobId)
        .where('device_id', 'in', ids.slice(k, k + INSERT_BATCH))
        .execute();
    }
  }

  async ineligibleReasons(jobId: string): Promise<{ code: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('job_items')
      .select((eb) => ['reason', eb.fn.countAll<number | string>().as('n')])
      .where('job_id', '=', jobId)
      .where('outcome', '=', 'ineligible')
      .groupBy('reason')
      .execute();
    return rows
      .map((row) => ({ code: row.reason ?? 'UNKNOWN', count: Number(row.n) }))
      .sort((a, b) => b.count - a.count);
  }

  /** Items by device id, after `after`, optionally of one outcome. */
  /** The frozen names of some of a job's devices (for the audit events about them). */
  async deviceNames(jobId: string, ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('job_items')
      .select(['device_id', 'device_name'])
      .where('job_id', '=', jobId)
      .where('device_id', 'in', [...ids])
      .execute();
    const names = new Map<number, string>();
    for (const row of rows) if (row.device_name !== null) names.set(Number(row.device_id), row.device_name);
    return names;
  }

  async items(jobId: string, filter: JobItemFilter): Promise<JobItemRecord[]> {
    let query = this.db
      .selectFrom('job_items')
      .select([
        'device_id',
        'seq',
        'device_name',
        'platform',
        'owner',
        'status',
        'outcome',
        'reason',
        'error',
        'registration_state',
        'wave',
      ])
      .where('job_id', '=', jobId)
      .orderBy('device_id')
      .limit(filter.limit);
    if (filter.outcome === 'pending') query = query.where('outcome', 'is', null);
    else if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.after !== undefined) query = query.where('device_id', '>', filter.after);
    return (await query.execute()).map(toItem);
  }
}
