import type { JobAction, JobOutcome, JobParams } from '@mdm-console/contract';
import type { Logger } from 'pino';
import type { JobRow } from '../../store/schema.ts';
import type { AuditLog } from '../audit.ts';
import type { JobStore } from './job-store.ts';
import type { JobVendor } from './job-vendor.ts';

export interface JobSettings {
  /** Ids per vendor call. */
  chunkSize: number;
  /** Vendor calls of one job in flight at once. */
  concurrency: number;
  /** Attempts of a chunk the vendor surely did not apply (429, 503 with Retry-After, connection refused). */
  maxAttempts: number;
  /** Longest wait between attempts, whatever Retry-After says. */
  maxBackoffMs: number;
  /** Destructive devices per 24 h above which a second admin must approve. */
  approvalThreshold: number;
  approvalTtlMs: number;
  /** Time to confirm a draft before its preflight is considered stale. */
  draftTtlMs: number;
  /** Undo window between confirmation (or approval) and the first vendor call. */
  undoMs: number;
  /** How long wipe and retire are followed, and how often their state is read. */
  followMs: number;
  followPollMs: number;
  /** A claim on a job lapses after this without renewal (a process that died). */
  leaseMs: number;
  tickMs: number;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  chunkSize: 50,
  concurrency: 4,
  maxAttempts: 8,
  maxBackoffMs: 30_000,
  approvalThreshold: 25,
  approvalTtlMs: 24 * 3_600_000,
  draftTtlMs: 3_600_000,
  undoMs: 10_000,
  followMs: 30 * 60_000,
  followPollMs: 5_000,
  leaseMs: 15_000,
  tickMs: 250,
};

/** What preparing, sending and following a job need. */
export interface JobContext {
  store: JobStore;
  vendor: JobVendor;
  audit: AuditLog;
  settings: JobSettings;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
}

export interface Preflight {
  eligible: number;
  ineligible: number;
  reasons: { code: string; count: number }[];
}

export const jobParams = (job: JobRow): JobParams => JSON.parse(job.params) as JobParams;
/** The preflight summary stored when the job was prepared (null before). */
export const preflightOf = (job: Pick<JobRow, 'preflight'>): Preflight | null =>
  job.preflight === null ? null : (JSON.parse(job.preflight) as Preflight);
export const jobAction = (job: JobRow): JobAction => job.action as JobAction;

/** Records outcomes of devices, each with one audit event in the requester's name. */
export async function recordOutcome(
  ctx: JobContext,
  job: JobRow,
  ids: readonly number[],
  outcome: { outcome: JobOutcome; reason?: string | null; error?: string | null },
): Promise<void> {
  if (ids.length === 0) return;
  await ctx.store.setOutcome(job.id, ids, outcome);
  await ctx.audit.appendMany(
    ids.map((id) => ({
      actorId: job.requested_by_id,
      actorEmail: job.requested_by,
      role: job.requested_role,
      action: `device.${job.action}`,
      targets: [id],
      params: { job: job.id },
      outcome: outcome.outcome === 'ineligible' ? `ineligible:${outcome.reason ?? ''}` : outcome.outcome,
      ...(outcome.error ? { vendorResult: { error: outcome.error } } : {}),
      requestId: job.request_id,
    })),
  );
}

/** One audit event about the job as a whole. */
export async function recordJobEvent(
  ctx: JobContext,
  job: JobRow,
  event: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.audit.append({
    actorId: job.requested_by_id,
    actorEmail: job.requested_by,
    role: job.requested_role,
    action: `job.${event}`,
    targets: { job: job.id },
    params: { action: job.action, ...details },
    outcome: 'succeeded',
    requestId: job.request_id,
  });
}
