import type { JobAction } from '@mdm-console/contract';
import { MESSAGE_STATES, UNDELETABLE_STATES, type DeviceSearchParams } from '@mdm-console/mdm-api';
import pMap from 'p-map';
import type { JobRow, NewJobItem } from '../../store/schema.ts';
import { jobAction, type JobContext, type Preflight } from './job-context.ts';
import { isVendorCheckedAction, type DeviceSnapshot } from './job-vendor.ts';

/** The target as stored: ids chosen one by one, or a search (a filter resolved when the job was requested). */
export type StoredTarget =
  { ids: number[] } | { search: Omit<DeviceSearchParams, 'start' | 'searchAfterValues' | 'rows'> };

/** Ids per viability check: the vendor takes them on the query string. */
const IDS_PER_CHECK = 500;

function item(job: JobRow, seq: number, id: number, device: DeviceSnapshot | undefined): NewJobItem {
  return {
    job_id: job.id,
    device_id: id,
    seq,
    device_name: device?.name ?? null,
    platform: device?.platform ?? null,
    owner: device?.owner ?? null,
    status: device ? 'queued' : 'done',
    outcome: device ? null : 'ineligible',
    reason: device ? null : 'DEVICE_NOT_FOUND',
    registration_state: device?.registrationState ?? null,
  };
}

/** Ineligibility the vendor has no check for (delete, message): read from the registration state. */
function stateRule(action: JobAction): ((state: string | null) => boolean) | undefined {
  if (action === 'delete') return (state) => (UNDELETABLE_STATES as readonly (string | null)[]).includes(state);
  if (action === 'message') return (state) => !(MESSAGE_STATES as readonly (string | null)[]).includes(state);
  return undefined;
}

/** Resolves the target to devices and freezes them as the job's items, page by page. */
async function freeze(ctx: JobContext, job: JobRow): Promise<{ id: number; state: string | null }[]> {
  const target = JSON.parse(job.target) as StoredTarget;
  const frozen: { id: number; state: string | null }[] = [];
  if ('ids' in target) {
    const ids = [...new Set(target.ids)];
    const found = await ctx.vendor.snapshots(ids, job.space_id);
    await ctx.store.insertItems(ids.map((id, seq) => item(job, seq, id, found.get(id))));
    for (const id of ids) {
      const device = found.get(id);
      if (device) frozen.push({ id, state: device.registrationState });
    }
    await ctx.store.update(job.id, { resolved: ids.length });
    return frozen;
  }
  let seq = 0;
  for await (const page of ctx.vendor.walk(target.search)) {
    await ctx.store.insertItems(page.map((device) => item(job, seq++, device.id, device)));
    for (const device of page) frozen.push({ id: device.id, state: device.registrationState });
    await ctx.store.update(job.id, { resolved: seq });
    const current = await ctx.store.get(job.id);
    if (current?.state !== 'preparing') return frozen;
  }
  return frozen;
}

/** Marks ineligible devices as the vendor (or the registration state) says. */
async function preflight(ctx: JobContext, job: JobRow, devices: { id: number; state: string | null }[]) {
  const action = jobAction(job);
  const rejected: { id: number; reason: string }[] = [];
  const rule = stateRule(action);
  if (rule)
    for (const device of devices)
      if (rule(device.state)) rejected.push({ id: device.id, reason: 'INVALID_REGISTRATION_STATE' });
  if (isVendorCheckedAction(action)) {
    const chunks: number[][] = [];
    for (let k = 0; k < devices.length; k += IDS_PER_CHECK)
      chunks.push(devices.slice(k, k + IDS_PER_CHECK).map((device) => device.id));
    await pMap(
      chunks,
      async (ids) => {
        for (const [id, codes] of await ctx.vendor.viability(action, ids))
          rejected.push({ id, reason: codes[0] ?? 'NOT_ELIGIBLE' });
      },
      { concurrency: ctx.settings.concurrency },
    );
  }
  const byReason = Map.groupBy(rejected, (device) => device.reason);
  for (const [reason, group] of byReason) {
    const ids = group.map((device) => device.id);
    await ctx.store.setOutcome(job.id, ids, { outcome: 'ineligible', reason });
  }
}

/** Resolves, freezes and checks a job's target; the job becomes a draft with its preflight, or failed. */
export async function prepareJob(ctx: JobContext, job: JobRow): Promise<void> {
  // A preparation cut short (a restart) starts over: nothing was sent.
  await ctx.store.deleteItems(job.id);
  const devices = await freeze(ctx, job);
  await preflight(ctx, job, devices);
  const counts = await ctx.store.counts(job.id);
  const reasons = await ctx.store.ineligibleReasons(job.id);
  const frozenCount = counts.pending + counts.ineligible;
  const summary: Preflight = { eligible: counts.pending, ineligible: counts.ineligible, reasons };
  const drafted = await ctx.store.update(
    job.id,
    { state: 'draft', frozen_count: frozenCount, resolved: frozenCount, preflight: JSON.stringify(summary) },
    ['preparing'],
  );
  if (!drafted) await ctx.store.cancelRemaining(job.id);
}
