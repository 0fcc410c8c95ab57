import { randomUUID } from 'node:crypto';
import type { JobState } from '@mdm-console/contract';
import type { JobRecord } from '../../store/job-records.ts';
import { emptyCounts, type ItemCounts } from '../../store/jobs-repository.ts';
import { finishedEvents, recordJobEvent, recordOutcome, type JobContext } from './job-context.ts';
import { expireIfLate } from './job-deadlines.ts';
import { followOnce, followsState, sendJob } from './job-execution.ts';
import { prepareJob, recheckEligibility } from './job-preparation.ts';
import { afterWave, continueWaves, startWaves } from './job-waves.ts';
import { isStoreUnavailable } from '../../store/unavailable.ts';

/**
 * Runs jobs from the database: prepares them, sends them when due, follows wipe and retire, and expires what waits
 * too long. Any BFF process may pick up a job whose claim lapsed, so a job survives its process.
 */
export class JobRunner {
  private readonly ctx: JobContext;
  private readonly owner = randomUUID();
  private readonly tasks = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private claimsRenewedAt = -Infinity;

  constructor(ctx: JobContext) {
    this.ctx = ctx;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      this.wake();
    }, this.ctx.settings.tickMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops taking work and waits for the tasks in hand to reach a safe point and give back what they hold. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await Promise.allSettled(this.tasks.values());
  }

  /** Looks at the jobs now rather than at the next tick. */
  wake(): void {
    if (this.stopped || this.ticking) return;
    this.ticking = this.tick()
      .catch((error: unknown) => {
        this.ctx.log.error({ err: error }, 'job runner tick failed');
      })
      .finally(() => {
        this.ticking = undefined;
      });
  }

  /**
   * Starts a job's task at once rather than at the next tick, and waits for it up to `timeoutMs`: a request that
   * creates a small job answers with it prepared.
   */
  async runNow(jobId: string, timeoutMs: number): Promise<void> {
    const job = await this.ctx.store.get(jobId);
    if (!job || this.stopped) return;
    if (!this.tasks.has(jobId)) await this.launch(job);
    const task = this.tasks.get(jobId);
    if (!task) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([task, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async tick(): Promise<void> {
    const now = this.ctx.now();
    const { leaseMs } = this.ctx.settings;
    // Claims are renewed once half of them is spent: a claim lapses only when its process is gone.
    if (this.tasks.size > 0 && now - this.claimsRenewedAt >= leaseMs / 2) {
      await this.ctx.store.renewClaims(this.owner, [...this.tasks.keys()], now, leaseMs);
      this.claimsRenewedAt = now;
    }
    for (const job of await this.ctx.store.needingAttention(now, this.ctx.settings)) {
      if (this.stopped) return;
      if (this.tasks.has(job.id)) {
        const held = job.leaseOwner === this.owner;
        if (held && (job.leaseUntil ?? 0) - now < leaseMs / 2)
          await this.ctx.store.claim(job.id, this.owner, now, leaseMs);
        continue;
      }
      if (await expireIfLate(this.ctx, job)) continue;
      const due =
        job.state === 'preparing' ||
        job.state === 'running' ||
        job.state === 'following' ||
        (job.state === 'scheduled' && (job.runAfter ?? 0) <= now) ||
        (job.state === 'paused' && job.pausedUntil !== null && job.pausedUntil <= now);
      if (due) await this.launch(job);
    }
  }

  /**
   * Claims the job and starts its task in `tasks`, without waiting for it (a tick goes on to the other jobs).
   * Answers nothing on purpose: an async function answering the task would make its caller wait for the task.
   */
  private async launch(job: JobRecord): Promise<void> {
    // A running job is shared: every process claims chunks of it. The other steps are one process's at a time.
    const shared = job.state === 'running';
    if (!shared && !(await this.ctx.store.claim(job.id, this.owner, this.ctx.now(), this.ctx.settings.leaseMs))) return;
    // The tick and a request may both get here for one job: the first task started is the only one.
    if (this.tasks.has(job.id)) return;
    const run = this.run(job.id)
      .catch((error: unknown) => {
        this.ctx.log.error({ err: error, job: job.id }, 'job task failed; it resumes at the next tick');
      })
      .finally(() => this.giveBack(job.id));
    this.tasks.set(job.id, run);
  }

  /**
   * Gives back the job's claim and this process's claims on its chunks not sent, for other processes to take at once;
   * the task counts as running until then, so that the next tick does not start it again meanwhile. A release that
   * fails (the database is down) leaves the claims to lapse at the end of their lease.
   */
  private async giveBack(jobId: string): Promise<void> {
    const released = await Promise.allSettled([
      this.ctx.store.release(jobId, this.owner),
      this.ctx.store.releaseClaims(jobId, this.owner),
    ]);
    for (const result of released)
      if (result.status === 'rejected')
        this.ctx.log.warn({ err: result.reason, job: jobId }, 'giving back claims failed; they lapse with their lease');
    this.tasks.delete(jobId);
  }

  /** Takes a job as far as it can go now: preparation, or sending then following. */
  private async run(jobId: string): Promise<void> {
    const { store } = this.ctx;
    let job = await store.get(jobId);
    if (!job) return;
    if (job.state === 'preparing') {
      try {
        await prepareJob(this.ctx, job);
      } catch (error) {
        // The database being away is not the job's fault: it is prepared again at the next tick.
        if (isStoreUnavailable(error)) throw error;
        this.ctx.log.warn({ err: error, job: jobId }, 'job preparation failed');
        await store.update(
          jobId,
          {
            state: 'failed',
            finishedAt: this.ctx.now(),
            error: 'The devices could not be resolved or checked with the MDM service. Try again in a moment.',
          },
          ['preparing'],
        );
        await store.cancelRemaining(jobId);
      }
      return;
    }
    if (job.state === 'scheduled') {
      // Still scheduled (and so still cancellable) while it is checked again: it starts once that is done.
      if (job.runAt !== null) await recheckEligibility(this.ctx, job);
      const waves = await startWaves(this.ctx, job);
      const started = {
        state: 'running',
        startedAt: this.ctx.now(),
        currentWave: waves > 0 ? 1 : 0,
        waveCount: waves,
      } as const;
      if (!(await store.update(jobId, started, ['scheduled']))) return;
      job = (await store.get(jobId)) ?? job;
      const counts = await store.counts(jobId);
      await recordJobEvent(this.ctx, job, 'started', { devices: counts.pending });
      await this.auditPreflightIneligible(job);
    }
    if (job.state === 'paused' && job.pausedUntil !== null && job.pausedUntil <= this.ctx.now()) {
      if (!(await continueWaves(this.ctx, job))) return;
      job = (await store.get(jobId)) ?? job;
    }
    // One pass per wave this task sends (one for a job sent all at once); a dead process's chunks are looked for first.
    for (let first = true; job.state === 'running'; first = false) {
      await sendJob(this.ctx, job, { owner: this.owner, active: () => !this.stopped, orphans: first });
      if (this.stopped) return;
      // A cancelled job's queued devices are cancelled, whoever claimed them (a claimer sends only what is queued).
      const cancelled = await store.isCancelRequested(jobId);
      if (cancelled)
        await recordOutcome(this.ctx, job, await store.idsWithStatus(jobId, 'queued'), { outcome: 'cancelled' });
      // Other processes are still sending their chunks, or a dead one's lapse later: the job goes on at a tick.
      const tally = await this.tallyOf(job);
      if (tally.pending > 0) return;
      // Every device has its outcome: one process, the one that takes the job, follows or finishes it.
      if (!(await store.claim(jobId, this.owner, this.ctx.now(), this.ctx.settings.leaseMs))) return;
      if (followsState(job.action) && tally.awaitingFinalState > 0) {
        const followUntil = this.ctx.now() + this.ctx.settings.followMs;
        if (!(await store.update(jobId, { state: 'following', followUntil }, ['running']))) return;
        job = (await store.get(jobId)) ?? job;
      } else {
        if ((await this.afterSending(job, cancelled, tally)) !== 'next') return;
        job = (await store.get(jobId)) ?? job;
      }
    }
    if (job.state === 'following') await this.follow(job);
  }

  /**
   * Where the devices being sent stand: the current wave's counts (the earlier waves are done, though a device of
   * theirs may never report its final state), or the whole job's when it is sent all at once.
   */
  private async tallyOf(job: JobRecord): Promise<ItemCounts> {
    if (job.currentWave === 0) return this.ctx.store.counts(job.id);
    return (await this.ctx.store.waveCounts(job.id, job.currentWave)).get(job.currentWave) ?? emptyCounts();
  }

  /** Once a job's devices (or its wave's) have their outcome: finishes it, or stops between waves, or goes on. */
  private async afterSending(job: JobRecord, cancelled: boolean, tally: ItemCounts): Promise<'next' | 'done'> {
    const step = cancelled ? 'finish' : await afterWave(this.ctx, job, tally);
    if (step === 'finish') await this.finish(job, cancelled);
    return step === 'next' ? 'next' : 'done';
  }

  private async follow(job: JobRecord): Promise<void> {
    const { store, settings } = this.ctx;
    for (;;) {
      if (this.stopped) return;
      try {
        await followOnce(this.ctx, job);
      } catch (error) {
        this.ctx.log.warn({ err: error, job: job.id }, 'reading device states failed; trying again');
      }
      const tally = await this.tallyOf(job);
      if (tally.awaitingFinalState === 0 || this.ctx.now() >= (job.followUntil ?? 0)) {
        // A wave followed to its end: the job stops between waves, or the next is sent at the next tick.
        await this.afterSending(job, await store.isCancelRequested(job.id), tally);
        return;
      }
      await this.ctx.sleep(settings.followPollMs);
    }
  }

  private async finish(job: JobRecord, cancelled: boolean): Promise<void> {
    const { store } = this.ctx;
    const state: JobState = cancelled ? 'cancelled' : 'completed';
    const counts = await store.counts(job.id);
    const events = await finishedEvents(this.ctx, job, state, { counts });
    if (!(await store.update(job.id, { state, finishedAt: this.ctx.now() }, ['running', 'following'], events))) return;
    await recordJobEvent(this.ctx, job, 'finished', { state, counts });
  }

  /** Devices found ineligible at the preflight get their audit event when the job starts (a draft may be dropped). */
  private async auditPreflightIneligible(job: JobRecord): Promise<void> {
    let after: number | undefined;
    for (;;) {
      const items = await this.ctx.store.items(job.id, { outcome: 'ineligible', after, limit: 500 });
      if (items.length === 0) return;
      const byReason = Map.groupBy(items, (item) => item.reason ?? 'NOT_ELIGIBLE');
      for (const [reason, group] of byReason) {
        const ids = group.map((item) => item.deviceId);
        await recordOutcome(this.ctx, job, ids, { outcome: 'ineligible', reason });
      }
      after = items[items.length - 1]?.deviceId;
    }
  }
}
