import { JOB_ACTION_INFO, type JobAction, type JobParams } from '@mdm-console/contract';
import {
  ALREADY_APPLIED_CODES,
  FINAL_REASSIGNMENT_STATES,
  RETIRE_STATES,
  VendorApiError,
  WIPE_STATES,
} from '@mdm-console/mdm-api';
import type { JobRecord } from '../../store/job-records.ts';
import type { ChunkClaim } from '../../store/jobs-repository.ts';
import { isVendorCheckedAction, type DeviceSnapshot, type SendResult } from '../../upstream/job-vendor.ts';
import { mapVendorError } from '../../upstream/vendor.ts';
import { importKindOf, recordOutcome, type JobContext } from './job-context.ts';

/** Whether the vendor applied `action` to a device, read from its state; undefined where the state cannot tell. */
function appliedByState(action: JobAction): ((device: DeviceSnapshot | undefined) => boolean) | undefined {
  if (action === 'wipe')
    return (device) => (WIPE_STATES as readonly (string | null)[]).includes(device?.registrationState ?? null);
  if (action === 'retire')
    return (device) => (RETIRE_STATES as readonly (string | null)[]).includes(device?.registrationState ?? null);
  // A deleted device is no longer found.
  if (action === 'delete') return (device) => device === undefined;
  return undefined;
}

/** What a followed action's devices are watched for: the state to read, the final ones, and the failed ones. */
interface Followed {
  read: (device: DeviceSnapshot, params: JobParams) => string | null;
  finals: readonly string[];
  /** A final state that means the action did not take: the device's outcome becomes failed. */
  failures: readonly string[];
}

const FOLLOWED: Partial<Record<JobAction, Followed>> = {
  wipe: { read: (device) => device.registrationState, finals: ['WIPED', 'WIPE_CANCELED'], failures: [] },
  retire: { read: (device) => device.registrationState, finals: ['RETIRED', 'RETIRE_CANCELED'], failures: [] },
  reassign: { read: (device) => device.reassignment, finals: FINAL_REASSIGNMENT_STATES, failures: ['FAILED'] },
  assignOwners: { read: (device) => device.reassignment, finals: FINAL_REASSIGNMENT_STATES, failures: ['FAILED'] },
  // Installed when the device reports the version asked for; until then, the version it is on.
  scheduleOSUpdate: {
    read: (device, params) =>
      'version' in params && device.osVersion === params.version ? 'UPDATED' : `ON ${device.osVersion ?? 'UNKNOWN'}`,
    finals: ['UPDATED'],
    failures: [],
  },
};

/** Sends a job's action to `ids`: an import's job sends each device its own values from the preview. */
async function sendTo(ctx: JobContext, job: JobRecord, ids: readonly number[]): Promise<SendResult> {
  const kind = importKindOf(job.action);
  if (kind === undefined) return ctx.vendor.send(job.action, ids, job.params, job.spaceId);
  const importId = 'import' in job.params ? job.params.import : '';
  return ctx.vendor.sendImported(ids, await ctx.imports.valuesFor(importId, kind, ids));
}

/** Devices per claim: an import's job makes one vendor call per device, so each device is its own chunk. */
const chunkSizeOf = (ctx: JobContext, job: JobRecord): number =>
  importKindOf(job.action) === undefined ? ctx.settings.chunkSize : 1;

/** The vendor surely did not apply the request: safe to send again. */
function surelyNotApplied(error: unknown): boolean {
  if (!(error instanceof VendorApiError)) return false;
  if (error.kind === 'rate-limited') return true;
  if (error.status === 503 && error.retryAfterSeconds !== undefined) return true;
  return error.kind === 'network' && !error.ambiguous;
}

/** What went wrong, in the BFF's own words and code (never the vendor's text). */
function describe(error: unknown): string {
  const mapped = mapVendorError(error);
  return `${mapped.code}: ${mapped.message}`;
}

function backoffMs(ctx: JobContext, attempt: number, error: unknown): number {
  const retryAfter = error instanceof VendorApiError ? error.retryAfterSeconds : undefined;
  const exponential = 250 * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  return Math.min(ctx.settings.maxBackoffMs, retryAfter !== undefined ? retryAfter * 1000 : exponential);
}

/** Devices whose eligibility changed since the preflight: ineligible, one write per reason. */
export async function recordChanged(
  ctx: JobContext,
  job: JobRecord,
  ids: readonly number[],
  reasonOf: (id: number) => string,
): Promise<void> {
  const byReason = Map.groupBy(ids, reasonOf);
  for (const [reason, group] of byReason)
    await recordOutcome(ctx, job, group, {
      outcome: 'ineligible',
      reason,
      error: 'Its eligibility changed after the preflight.',
    });
}

/**
 * After a success that acted on fewer devices than sent: finds which changed since the preflight (reported as
 * ineligible with the vendor's reason), and never guesses about the rest.
 */
async function reconcile(ctx: JobContext, job: JobRecord, ids: readonly number[], count: number): Promise<void> {
  const action = job.action;
  const byState = appliedByState(action);
  if (byState) {
    const devices = await ctx.vendor.snapshots(ids, job.spaceId);
    const applied = ids.filter((id) => byState(devices.get(id)));
    const notApplied = ids.filter((id) => !byState(devices.get(id)));
    await recordOutcome(ctx, job, applied, { outcome: 'succeeded' });
    const codes = isVendorCheckedAction(action)
      ? await ctx.vendor.viability(action, notApplied)
      : new Map<number, string[]>();
    await recordChanged(
      ctx,
      job,
      notApplied,
      (id) => codes.get(id)?.[0] ?? (devices.has(id) ? 'INVALID_REGISTRATION_STATE' : 'DEVICE_NOT_FOUND'),
    );
    return;
  }
  const codes = isVendorCheckedAction(action) ? await ctx.vendor.viability(action, ids) : new Map<number, string[]>();
  const selfCaused = isVendorCheckedAction(action) ? ALREADY_APPLIED_CODES[action] : undefined;
  const reasonOf = (id: number) => (codes.get(id) ?? []).find((code) => code !== selfCaused);
  const changed = ids.filter((id) => reasonOf(id) !== undefined);
  const rest = ids.filter((id) => reasonOf(id) === undefined);
  await recordChanged(ctx, job, changed, (id) => reasonOf(id) ?? 'NOT_ELIGIBLE');
  if (rest.length === count) await recordOutcome(ctx, job, rest, { outcome: 'succeeded' });
  else
    await recordOutcome(ctx, job, rest, {
      outcome: 'unknown',
      error: `The MDM service acted on ${String(count)} of ${String(ids.length)} devices without saying which.`,
    });
}

/**
 * Devices that may or may not have received the action: where the state tells, the applied ones succeeded and the
 * others are answered for re-sending; elsewhere they are unknown (never re-sent blindly).
 */
async function settleAmbiguous(
  ctx: JobContext,
  job: JobRecord,
  ids: readonly number[],
  why: string,
): Promise<number[]> {
  const byState = appliedByState(job.action);
  if (!byState) {
    await recordOutcome(ctx, job, ids, { outcome: 'unknown', error: why });
    return [];
  }
  let devices: Map<number, DeviceSnapshot>;
  try {
    devices = await ctx.vendor.snapshots(ids, job.spaceId);
  } catch {
    await recordOutcome(ctx, job, ids, { outcome: 'unknown', error: `${why} Its state could not be read.` });
    return [];
  }
  const applied = ids.filter((id) => byState(devices.get(id)));
  await recordOutcome(ctx, job, applied, { outcome: 'succeeded' });
  return ids.filter((id) => !byState(devices.get(id)));
}

/** How stale the cancel flag may be: a cancel stops the job within this, without a read before every chunk. */
const CANCEL_CHECK_MS = 200;

/** The job's cancel flag (set by whichever process took the request), read at most every CANCEL_CHECK_MS. */
function cancelWatch(ctx: JobContext, jobId: string): () => Promise<boolean> {
  let checkedAt = -Infinity;
  let cancelled = false;
  return async () => {
    if (!cancelled && performance.now() - checkedAt >= CANCEL_CHECK_MS) {
      cancelled = await ctx.store.isCancelRequested(jobId);
      checkedAt = performance.now();
    }
    return cancelled;
  };
}

/**
 * Sends one chunk until every device in it has an outcome (or is left queued because the job was cancelled). A chunk
 * `marked` sent by its claim goes out at once; items queued again (a retry) are marked sent again first.
 */
async function sendChunk(
  ctx: JobContext,
  job: JobRecord,
  chunk: { ids: readonly number[]; marked: boolean },
  cancelled: () => Promise<boolean>,
  owner: string,
): Promise<void> {
  let ids = [...chunk.ids];
  for (let attempt = 1; ids.length > 0; attempt++) {
    if (attempt > 1 || !chunk.marked) {
      if (await cancelled()) return;
      // Written before sending: a process killed from here on leaves these as "maybe sent", never re-sent blindly.
      // Only the items still queued under our claim are sent (a cancel from another process may have ended some).
      ids = await ctx.store.markSent(job.id, ids, owner);
      if (ids.length === 0) return;
    }
    try {
      const { acted, refused } = await sendTo(ctx, job, ids);
      // Devices the vendor named as refused changed since the preflight; the rest are judged by the count.
      await recordChanged(ctx, job, [...refused.keys()], (id) => refused.get(id)?.[0] ?? 'NOT_ELIGIBLE');
      const rest = ids.filter((id) => !refused.has(id));
      if (acted === null || acted >= rest.length) await recordOutcome(ctx, job, rest, { outcome: 'succeeded' });
      else await reconcile(ctx, job, rest, acted);
      return;
    } catch (error) {
      if (surelyNotApplied(error)) {
        await ctx.store.requeue(job.id, ids);
        if (attempt >= ctx.settings.maxAttempts) {
          await recordOutcome(ctx, job, ids, { outcome: 'failed', error: describe(error) });
          return;
        }
        await ctx.sleep(backoffMs(ctx, attempt, error));
        continue;
      }
      const ambiguous = !(error instanceof VendorApiError) || error.ambiguous;
      if (!ambiguous) {
        await recordOutcome(ctx, job, ids, { outcome: 'failed', error: describe(error) });
        return;
      }
      ctx.log.warn({ job: job.id, err: error }, 'ambiguous vendor failure');
      const resend = await settleAmbiguous(ctx, job, ids, describe(error));
      await ctx.store.requeue(job.id, resend);
      if (attempt >= ctx.settings.maxAttempts) {
        await recordOutcome(ctx, job, resend, { outcome: 'failed', error: describe(error) });
        return;
      }
      ids = resend;
    }
  }
}

/** Who sends: a process's claim owner, and whether it is still running (a stopping process takes no new chunk). */
export interface Sender {
  owner: string;
  active: () => boolean;
  /**
   * Whether to look for chunks a dead process left "sent" first: when the job is picked up, not again for the next
   * wave of a job this process has been sending all along.
   */
  orphans: boolean;
}

/**
 * Sends a running job's devices in chunks claimed from the database, `concurrency` at once, until no chunk is left
 * to claim. Every process takes part: each claims its own chunks. A chunk found marked sent under a lapsed claim
 * was in flight in a process that died: it is settled as ambiguous, never re-sent blindly.
 */
export async function sendJob(ctx: JobContext, job: JobRecord, sender: Sender): Promise<void> {
  const cancelled = cancelWatch(ctx, job.id);
  const claim = async (what: 'toSend' | 'orphans') => {
    const began = performance.now();
    const chunk: ChunkClaim = {
      owner: sender.owner,
      now: ctx.now(),
      leaseMs: ctx.settings.leaseMs,
      size: chunkSizeOf(ctx, job),
      // The wave being sent (0 for a job sent all at once): every earlier wave is done.
      wave: job.currentWave,
    };
    const ids =
      what === 'toSend' ? await ctx.store.claimToSend(job.id, chunk) : await ctx.store.claimOrphans(job.id, chunk);
    ctx.observe?.claim((performance.now() - began) / 1000);
    return ids;
  };
  const worker = async (): Promise<void> => {
    // A dead process's chunks are looked for until none is left, then only queued ones: one claim per chunk. Chunks
    // orphaned later (a process dying meanwhile) are taken when the job is next picked up, at a tick.
    let orphans = sender.orphans;
    while (sender.active() && !(await cancelled())) {
      const orphaned: number[] = orphans ? await claim('orphans') : [];
      orphans = orphaned.length > 0;
      if (orphans) {
        const resend = await settleAmbiguous(
          ctx,
          job,
          orphaned,
          'The console stopped while this was being sent; the MDM service may or may not have acted.',
        );
        await ctx.store.requeue(job.id, resend);
        await sendChunk(ctx, job, { ids: resend, marked: false }, cancelled, sender.owner);
        continue;
      }
      const chunk = await claim('toSend');
      if (chunk.length === 0) return;
      await sendChunk(ctx, job, { ids: chunk, marked: true }, cancelled, sender.owner);
    }
  };
  await Promise.all(Array.from({ length: ctx.settings.concurrency }, worker));
}

/** Whether the action is followed until the devices reach a final registration state. */
export const followsState = (action: JobAction): boolean => JOB_ACTION_INFO[action].followsState;

/** Reads the state of devices not final yet and records it. */
export async function followOnce(ctx: JobContext, job: JobRecord): Promise<void> {
  const followed = FOLLOWED[job.action];
  if (!followed) return;
  const ids = await ctx.store.awaitingFinal(job.id, 5_000);
  const devices = await ctx.vendor.snapshots(ids, job.spaceId);
  const stateOf = (id: number) => {
    const device = devices.get(id);
    return device ? (followed.read(device, job.params) ?? 'NONE') : 'NOT_FOUND';
  };
  for (const [state, group] of Map.groupBy(ids, stateOf)) {
    await ctx.store.setFollowedState(job.id, group, state, followed.finals.includes(state) || state === 'NOT_FOUND');
    if (followed.failures.includes(state))
      await recordOutcome(ctx, job, group, { outcome: 'failed', error: `The device reported ${state}.` });
  }
}
