import { DEFAULT_DESTRUCTIVE_WAVES, waveDevices, type JobCounts, type WavePlan } from '@mdm-console/contract';
import type { JobRecord } from '../../store/job-records.ts';
import { recordJobEvent, type JobContext } from './job-context.ts';

/** A device as sampling sees it. */
export interface WaveCandidate {
  deviceId: number;
  platform: string | null;
  model: string | null;
}

/** The canary plan of a destructive job that needs approval: 5 % first (at least 1, at most 50), halt above 10 %. */
export function defaultWaves(eligible: number): WavePlan {
  const { firstPercent, firstAtMost, plan } = DEFAULT_DESTRUCTIVE_WAVES;
  const first = Math.min(firstAtMost, waveDevices(`${String(firstPercent)}%`, eligible));
  return { first, ...plan };
}

/**
 * Splits the devices (in the frozen order) into waves. The first is a sample across platforms and models, taken
 * one kind at a time in turn, largest kind first, so that a canary of a few devices shows what each kind will do;
 * the others follow in the frozen order, `plan.then` at a time.
 */
export function planWaves(plan: WavePlan, devices: readonly WaveCandidate[]): number[][] {
  if (devices.length === 0) return [];
  const firstSize = waveDevices(plan.first, devices.length);
  const kinds = [
    ...Map.groupBy(devices, (device) => `${device.platform ?? ''}\u0000${device.model ?? ''}`).values(),
  ].sort((a, b) => b.length - a.length);
  const first: number[] = [];
  for (let round = 0; first.length < firstSize; round++)
    for (const kind of kinds) {
      const device = kind[round];
      if (device && first.length < firstSize) first.push(device.deviceId);
    }
  const chosen = new Set(first);
  const rest = devices.filter((device) => !chosen.has(device.deviceId)).map((device) => device.deviceId);
  const thenSize = waveDevices(plan.then, devices.length);
  const waves = [first];
  for (let k = 0; k < rest.length; k += thenSize) waves.push(rest.slice(k, k + thenSize));
  return waves;
}

/** Assigns the job's queued devices to its waves; answers how many there are (0 for a job sent all at once). */
export async function startWaves(ctx: JobContext, job: JobRecord): Promise<number> {
  if (!job.waves) return 0;
  const waves = planWaves(job.waves, await ctx.store.queuedForWaves(job.id));
  await ctx.store.assignWaves(job.id, waves);
  return waves.length;
}

/**
 * After a wave's devices all have their outcome (and final state, or its time limit), `wave` being their counts:
 * halts the job when failed + unknown exceed the plan's share of the wave, else pauses it for a person or for some
 * minutes, or goes straight on (a pause of 0 minutes). Answers 'finish' after the last wave, 'next' when the next
 * wave may be sent now, and 'wait' otherwise.
 */
export async function afterWave(ctx: JobContext, job: JobRecord, wave: JobCounts): Promise<'finish' | 'next' | 'wait'> {
  const plan = job.waves;
  const last = job.waveCount;
  if (!plan || job.currentWave >= last) return 'finish';
  const bad = wave.failed + wave.unknown;
  const size = wave.pending + wave.succeeded + wave.ineligible + wave.failed + wave.unknown + wave.cancelled;
  const now = ctx.now();
  const from = ['running', 'following'] as const;
  if (size > 0 && (bad / size) * 100 > plan.haltAbovePercent) {
    const reason =
      `Wave ${String(job.currentWave)}: ${String(bad)} of ${String(size)} devices failed or unknown ` +
      `(${String(Math.round((bad / size) * 100))} %), above the ${String(plan.haltAbovePercent)} % limit.`;
    const events = ctx.webhooks.aboutJob('job.halted', job, { state: 'halted', reason }, now);
    if (await ctx.store.update(job.id, { state: 'halted', error: reason }, from, events))
      await recordJobEvent(ctx, job, 'halted', { wave: job.currentWave, reason });
    return 'wait';
  }
  if (plan.pause !== 'manual' && plan.pause.minutes === 0)
    return (await ctx.store.update(job.id, { currentWave: job.currentWave + 1, state: 'running' }, from))
      ? 'next'
      : 'wait';
  const pausedUntil = plan.pause === 'manual' ? null : now + plan.pause.minutes * 60_000;
  const reason = `Wave ${String(job.currentWave)} of ${String(last)} done.`;
  const events = ctx.webhooks.aboutJob('job.paused', job, { state: 'paused', reason }, now);
  if (await ctx.store.update(job.id, { state: 'paused', pausedUntil }, from, events))
    await recordJobEvent(ctx, job, 'paused', { wave: job.currentWave, until: pausedUntil });
  return 'wait';
}

/** Sends the next wave of a paused or halted job; false when it was not paused or halted (any more). */
export async function continueWaves(ctx: JobContext, job: JobRecord): Promise<boolean> {
  if (job.currentWave >= job.waveCount) return false;
  return ctx.store.update(
    job.id,
    { state: 'running', currentWave: job.currentWave + 1, pausedUntil: null, error: null },
    ['paused', 'halted'],
  );
}
