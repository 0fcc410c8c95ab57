import type { JobState } from '@mdm-console/contract';
import type { JobRow } from '../../store/schema.ts';
import { recordJobEvent, type JobContext, type JobSettings } from './job-context.ts';

/** When a draft must be confirmed, or a confirmed job approved; null when nothing waits on a person. */
export function deadlineOf(job: JobRow, settings: JobSettings): number | null {
  if (job.state === 'draft') return Number(job.created_at) + settings.draftTtlMs;
  if (job.state === 'awaiting_approval' && job.confirmed_at !== null)
    return Number(job.confirmed_at) + settings.approvalTtlMs;
  return null;
}

/**
 * Expires a draft or an approval past its deadline (its devices cancelled); answers whether the job is past it.
 * The runner calls it on every tick, and a request before acting, so that whichever comes first decides.
 */
export async function expireIfLate(ctx: JobContext, job: JobRow): Promise<boolean> {
  const deadline = deadlineOf(job, ctx.settings);
  const now = ctx.now();
  if (deadline === null || deadline >= now) return false;
  if (await ctx.store.update(job.id, { state: 'expired', finished_at: now }, [job.state as JobState])) {
    await ctx.store.cancelRemaining(job.id);
    if (job.state === 'awaiting_approval') await recordJobEvent(ctx, job, 'expired', { reason: 'not approved' });
  }
  return true;
}
