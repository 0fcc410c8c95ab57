import type { JobRecord } from '../../store/job-records.ts';
import { finishedEvents, recordJobEvent, type JobContext, type JobSettings } from './job-context.ts';

/**
 * When a draft must be confirmed, or a confirmed job approved (within the approval window, and before the time it
 * is scheduled for); null when nothing waits on a person.
 */
export function deadlineOf(job: JobRecord, settings: JobSettings): number | null {
  if (job.state === 'draft') return job.createdAt + settings.draftTtlMs;
  if (job.state === 'awaiting_approval' && job.confirmedAt !== null)
    return Math.min(job.confirmedAt + settings.approvalTtlMs, job.runAt ?? Infinity);
  return null;
}

/** Why an approval expired at `deadline`, in words (the job keeps it as its error). */
function approvalExpiry(job: JobRecord, deadline: number, settings: JobSettings): string {
  return deadline === job.runAt
    ? `Not approved before the time it was scheduled for (${new Date(deadline).toISOString()}).`
    : `Not approved within ${String(Math.round(settings.approvalTtlMs / 3_600_000))} hours.`;
}

/**
 * Expires a draft or an approval past its deadline (its devices cancelled); answers whether the job is past it.
 * The runner calls it on every tick, and a request before acting, so that whichever comes first decides.
 */
export async function expireIfLate(ctx: JobContext, job: JobRecord): Promise<boolean> {
  const deadline = deadlineOf(job, ctx.settings);
  const now = ctx.now();
  if (deadline === null || deadline >= now) return false;
  const approval = job.state === 'awaiting_approval';
  const reason = approval ? approvalExpiry(job, deadline, ctx.settings) : undefined;
  const events = await finishedEvents(ctx, job, 'expired', reason === undefined ? {} : { reason });
  const change = { state: 'expired', finishedAt: now, ...(reason === undefined ? {} : { error: reason }) } as const;
  if (await ctx.store.update(job.id, change, [job.state], events)) {
    await ctx.store.cancelRemaining(job.id);
    if (approval) await recordJobEvent(ctx, job, 'expired', { reason });
  }
  return true;
}
