import type { JobCounts, JobOutcome, JobState } from '@mdm-console/contract';
import type { Insertable, Kysely, Updateable } from 'kysely';
import { preflightOf } from './job-context.ts';
import type { Database, JobItemRow, JobRow, JobsTable, NewJobItem } from '../../store/schema.ts';

/** Rows per insert, ids per IN list: well under PostgreSQL's 65,535 parameters and SQLite's limits. */
const INSERT_BATCH = 500;

export interface ItemOutcome {
  outcome: JobOutcome;
  reason?: string | null;
  error?: string | null;
}

export type ItemCounts = JobCounts & { awaitingFinalState: number };

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
  action?: string | undefined;
  requestedBy?: string | undefined;
  /** Jobs listed after this one (newest first). */
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** Jobs and their items in the database: the runner's only memory, so that a restart loses nothing. */
export class JobStore {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async insertJob(row: Insertable<JobsTable>): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  async get(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Changes a job; with `from`, only if it is in one of those states (answers whether it changed). */
  async update(id: string, patch: Updateable<JobsTable>, from?: readonly JobState[]): Promise<boolean> {
    let query = this.db.updateTable('jobs').set(patch).where('id', '=', id);
    if (from) query = query.where('state', 'in', from);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Takes or renews the job for `owner` unless another process holds a live claim. */
  async claim(id: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Jobs that may need the runner: being prepared, due, running, following, or waiting past a deadline. */
  async active(): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('state', 'in', ['preparing', 'draft', 'awaiting_approval', 'scheduled', 'running', 'following'])
      .orderBy('created_at')
      .execute();
  }

  async list(filter: JobListFilter): Promise<JobRow[]> {
    let query = this.db
      .selectFrom('jobs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.requestedBy) query = query.where('requested_by', '=', filter.requestedBy.toLowerCase());
    const before = filter.before;
    // Keyset on (created_at, id): jobs created in the same millisecond are neither skipped nor repeated.
    if (before)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
        ]),
      );
    return query.execute();
  }

  /** Devices of destructive jobs confirmed since `since` and not cancelled before running (the approval rail). */
  async destructiveDevicesSince(since: number, actions: readonly string[], exceptJob: string): Promise<number> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['preflight'])
      .where('action', 'in', actions)
      .where('confirmed_at', '>=', since)
      .where('state', 'in', ['awaiting_approval', 'scheduled', 'running', 'following', 'completed'])
      .where('id', '!=', exceptJob)
      .execute();
    return rows.reduce((sum, row) => sum + (preflightOf(row)?.eligible ?? 0), 0);
  }

  async insertItems(items: readonly NewJobItem[]): Promise<void> {
    for (let k = 0; k < items.length; k += INSERT_BATCH) {
      await this.db
        .insertInto('job_items')
        .values(items.slice(k, k + INSERT_BATCH))
        .execute();
    }
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
      counts[(row.outcome ?? 'pending') as keyof JobCounts] += n;
      if (row.outcome === 'succeeded' && row.final === 0) counts.awaitingFinalState += n;
      all.set(row.job_id, counts);
    }
    return all;
  }

  /** Ids of the items in `status`, in the frozen order. */
  idsWithStatus(jobId: string, status: 'queued' | 'sent'): Promise<number[]> {
    return this.idsWhere(jobId, 'status', [status]);
  }

  /** Ids of the items that ended in one of `outcomes`, in the frozen order. */
  idsWithOutcomes(jobId: string, outcomes: readonly JobOutcome[]): Promise<number[]> {
    return this.idsWhere(jobId, 'outcome', outcomes);
  }

  private async idsWhere(jobId: string, column: 'status' | 'outcome', values: readonly string[]): Promise<number[]> {
    const rows = await this.db
      .selectFrom('job_items')
      .select('device_id')
      .where('job_id', '=', jobId)
      .where(column, 'in', values)
      .orderBy('seq')
      .execute();
    return rows.map((row) => Number(row.device_id));
  }

  /** Items acted on whose registration state is not final yet. */
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

  /** Write-ahead: these ids are about to be sent; after a crash they count as possibly sent. */
  async markSent(jobId: string, ids: readonly number[]): Promise<void> {
    await this.db
      .updateTable('job_items')
      .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1) }))
      .where('job_id', '=', jobId)
      .where('device_id', 'in', ids)
      .execute();
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

  async setOutcome(jobId: string, ids: readonly number[], outcome: ItemOutcome): Promise<void> {
    for (let k = 0; k < ids.length; k += INSERT_BATCH) {
      await this.db
        .updateTable('job_items')
        .set({ status: 'done', outcome: outcome.outcome, reason: outcome.reason ?? null, error: outcome.error ?? null })
        .where('job_id', '=', jobId)
        .where('device_id', 'in', ids.slice(k, k + INSERT_BATCH))
        .execute();
    }
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

  async items(
    jobId: string,
    filter: { outcome?: JobOutcome | 'pending' | undefined; after?: number | undefined; limit: number },
  ): Promise<JobItemRow[]> {
    let query = this.db
      .selectFrom('job_items')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('device_id')
      .limit(filter.limit);
    if (filter.outcome === 'pending') query = query.where('outcome', 'is', null);
    else if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.after !== undefined) query = query.where('device_id', '>', filter.after);
    return query.execute();
  }
}
