import type { JobAction } from '@mdm-console/contract';
import { and, compare, reassignmentRefusal, registrationStateRefusal } from '@mdm-console/mdm-api';
import pLimit from 'p-limit';
import type { JobRecord, NewJobItem, Preflight } from '../../store/job-records.ts';
import { isVendorCheckedAction, type DeviceSnapshot } from '../../upstream/job-vendor.ts';
import type { JobContext } from './job-context.ts';
import { recordChanged } from './job-execution.ts';

/** Cursors walking a filter at once, each over its own id range. */
const WALKERS = 2;
/** Ids per viability check: the vendor takes them on the query string. */
const IDS_PER_CHECK = 500;
/** Devices read and checked again at once when a scheduled job starts. */
const IDS_PER_RECHECK = 500;

function item(seq: number, id: number, device: DeviceSnapshot | undefined): NewJobItem {
  return {
    deviceId: id,
    seq,
    deviceName: device?.name ?? null,
    platform: device?.platform ?? null,
    owner: device?.owner ?? null,
    status: device ? 'queued' : 'done',
    outcome: device ? null : 'ineligible',
    reason: device ? null : 'DEVICE_NOT_FOUND',
    registrationState: device?.registrationState ?? null,
    model: device?.model ?? null,
  };
}

/**
 * Ineligibility the vendor has no check for (delete, message, reassign), read from the device with the vendor's own
 * rules (vendor-rules.ts, which the simulator applies too): the reason code, or undefined when it can take the action.
 */
function localRule(action: JobAction): ((device: DeviceSnapshot) => string | undefined) | undefined {
  if (action === 'delete' || action === 'message')
    return (device) => registrationStateRefusal(action, device.registrationState);
  if (action === 'reassign' || action === 'assignOwners')
    return (device) =>
      registrationStateRefusal('updateAccount', device.registrationState) ??
      reassignmentRefusal({ platformType: device.platform, ...device });
  return undefined;
}

/** Runs the preflight on devices as they are frozen: viability checks overlap the rest of the walk. */
function preflightChecker(ctx: JobContext, job: JobRecord) {
  const action = job.action;
  const rule = localRule(action);
  const rejected: { id: number; reason: string }[] = [];
  const limit = pLimit(ctx.settings.concurrency);
  const checks: Promise<void>[] = [];
  return {
    check(devices: readonly DeviceSnapshot[]): void {
      if (rule)
        for (const device of devices) {
          const reason = rule(device);
          if (reason !== undefined) rejected.push({ id: device.id, reason });
        }
      if (!isVendorCheckedAction(action)) return;
      for (let k = 0; k < devices.length; k += IDS_PER_CHECK) {
        const ids = devices.slice(k, k + IDS_PER_CHECK).map((device) => device.id);
        const checked = limit(async () => {
          for (const [id, codes] of await ctx.vendor.viability(action, ids))
            rejected.push({ id, reason: codes[0] ?? 'NOT_ELIGIBLE' });
        });
        // Awaited in rejections(); this only keeps a failure before then from counting as unhandled.
        checked.catch(() => undefined);
        checks.push(checked);
      }
    },
    /** The devices that cannot take the action, once every check has answered. */
    async rejections(): Promise<{ id: number; reason: string }[]> {
      await Promise.all(checks);
      return rejected;
    },
  };
}

/**
 * Resolves the target to devices and freezes them as the job's items, page by page, handing each page to `check`;
 * answers false when the job stopped being prepared meanwhile (cancelled).
 */
async function freeze(
  ctx: JobContext,
  job: JobRecord,
  check: (devices: readonly DeviceSnapshot[]) => void,
): Promise<boolean> {
  const { target } = job;
  if ('ids' in target) {
    const ids = [...new Set(target.ids)];
    const found = await ctx.vendor.snapshots(ids, job.spaceId);
    await ctx.store.insertItems(
      job.id,
      ids.map((id, seq) => item(seq, id, found.get(id))),
    );
    check([...found.values()]);
    await ctx.store.update(job.id, { resolved: ids.length });
    return true;
  }
  const bounds = await ctx.vendor.idBounds(target.search);
  if (!bounds) return true;
  // Disjoint id ranges walked at once: while the vendor builds one page, the other cursor's page is being stored.
  const span = Math.ceil((bounds.max - bounds.min + 1) / WALKERS);
  const progress = { seq: 0, preparing: true };
  const walkRange = async (low: number, high: number) => {
    const range = and(compare('id', 'GE', low), compare('id', 'LT', high));
    for await (const page of ctx.vendor.walk({ ...target.search, fq: [...(target.search.fq ?? []), range] })) {
      if (!progress.preparing) return;
      await ctx.store.insertItems(
        job.id,
        page.map((device) => item(progress.seq++, device.id, device)),
      );
      check(page);
      progress.preparing = await ctx.store.update(job.id, { resolved: progress.seq }, ['preparing']);
    }
  };
  const walks = await Promise.allSettled(
    Array.from({ length: WALKERS }, (_, k) => walkRange(bounds.min + k * span, bounds.min + (k + 1) * span)),
  );
  const failed = walks.find((walk) => walk.status === 'rejected');
  if (failed) throw failed.reason;
  return progress.preparing;
}

/** Resolves, freezes and checks a job's target; the job becomes a draft with its preflight, or failed. */
export async function prepareJob(ctx: JobContext, job: JobRecord): Promise<void> {
  // A preparation cut short (a restart) starts over: nothing was sent.
  await ctx.store.deleteItems(job.id);
  const checker = preflightChecker(ctx, job);
  const stillPreparing = await freeze(ctx, job, (devices) => {
    checker.check(devices);
  });
  const rejected = await checker.rejections();
  if (!stillPreparing) {
    await ctx.store.cancelRemaining(job.id);
    return;
  }
  for (const [reason, group] of Map.groupBy(rejected, (device) => device.reason))
    await ctx.store.setOutcome(
      job.id,
      group.map((device) => device.id),
      { outcome: 'ineligible', reason },
    );
  const counts = await ctx.store.counts(job.id);
  const reasons = await ctx.store.ineligibleReasons(job.id);
  const frozenCount = counts.pending + counts.ineligible;
  await ctx.store.itemsArrived(frozenCount);
  const summary: Preflight = { eligible: counts.pending, ineligible: counts.ineligible, reasons };
  const drafted = await ctx.store.update(
    job.id,
    { state: 'draft', frozenCount: frozenCount, resolved: frozenCount, preflight: summary },
    ['preparing'],
  );
  if (!drafted) await ctx.store.cancelRemaining(job.id);
}

/**
 * A scheduled job's devices checked again when it starts, since days may have passed since its preflight: a device
 * that left the space, or can no longer take the action, ends ineligible with its reason (never silently dropped);
 * the others are sent. Only devices still queued are read, so a start cut short (a restart) goes on where it was.
 */
export async function recheckEligibility(ctx: JobContext, job: JobRecord): Promise<void> {
  const queued = await ctx.store.idsWithStatus(job.id, 'queued');
  for (let k = 0; k < queued.length; k += IDS_PER_RECHECK) {
    const ids = queued.slice(k, k + IDS_PER_RECHECK);
    const found = await ctx.vendor.snapshots(ids, job.spaceId);
    const checker = preflightChecker(ctx, job);
    checker.check([...found.values()]);
    const reasons = new Map((await checker.rejections()).map((rejection) => [rejection.id, rejection.reason]));
    for (const id of ids) if (!found.has(id)) reasons.set(id, 'DEVICE_NOT_FOUND');
    await recordChanged(ctx, job, [...reasons.keys()], (id) => reasons.get(id) ?? 'NOT_ELIGIBLE');
  }
}
