import type { JobRecord } from '../../store/job-records.ts';
import { finishedEvents, recordJobEvent, type JobContext, type JobSettings } from './job-context.ts';

/** When a draft must be confirmed, or a confirmed job approved; null when nothing waits on a person. */
export function deadlineOf(job: JobRecord, settings: JobSettings): number | null {
  if (job.state === 'draft') return job.createdAt + settings.draftTtlMs;
  if (job.state === 'awaiting_approval' && job.confirmedAt !== null) return job.confirmedAt + settings.approvalTtlMs;
  return null;
}

/**
 * Expires a draft or an approval past its deadline (its devices cancelled); answers whether the job is past it.
 * The runner calls it on every tick, and a request before acting, so that whichever comes first decides.
 */
export async function expireIfLate(ctx: JobContext, job: JobRecord): Promise<boolean> {
  const deadline = deadlineOf(job, ctx.settings);
  const now = ctx.now();
  if (deadline === null || deadline >= now) return false;
  const events = await finishedEvents(ctx, job, 'expired', 'not approved within the approval window');
  if (await ctx.store.update(job.id, { state: 'expired', finishedAt: now }, [job.state], events)) {
    await ctx.store.cancelRemaining(job.id);
    if (job.state === 'awaiting_approval') await recordJobEvent(ctx, job, 'expired', { reason: 'not approved' });
  }
  return true;
}
