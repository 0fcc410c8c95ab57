import type { ImportChangeKind, JobAction, JobCounts, JobOutcome, JobState } from '@mdm-console/contract';
import type { Logger } from 'pino';
import type { JobRecord } from '../../store/job-records.ts';
import type { ImportsRepository } from '../../store/imports-repository.ts';
import type { JobsRepository } from '../../store/jobs-repository.ts';
import type { OutboxEvent } from '../../store/webhook-outbox.ts';
import type { JobVendor } from '../../upstream/job-vendor.ts';
import type { AuditLog } from '../audit.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';

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
  store: JobsRepository;
  /** Where an import's jobs read each device's values. */
  imports: ImportsRepository;
  vendor: JobVendor;
  audit: AuditLog;
  /** The webhook events a job's changes write to the outbox with them. */
  webhooks: WebhookEvents;
  settings: JobSettings;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
  /** Told of what the jobs do (for metrics). */
  observe?: JobObserver;
}

export interface JobObserver {
  outcomes(action: string, outcome: string, count: number): void;
  claim(seconds: number): void;
}

/** The kind of change an import's job applies: its attributes, or its owners. */
export const importKindOf = (action: JobAction): ImportChangeKind | undefined =>
  action === 'setAttributes' ? 'attributes' : action === 'assignOwners' ? 'owner' : undefined;

/** Records outcomes of devices, each with one audit event in the requester's name. */
export async function recordOutcome(
  ctx: JobContext,
  job: JobRecord,
  ids: readonly number[],
  outcome: { outcome: JobOutcome; reason?: string | null; error?: string | null },
): Promise<void> {
  if (ids.length === 0) return;
  // The device's name goes with its event, so that the activity can be searched by it.
  const names = await ctx.store.deviceNames(job.id, ids);
  await ctx.store.setOutcome(
    job.id,
    ids,
    outcome,
    ctx.audit.records(
      ids.map((id) => ({
        actorId: job.requestedById,
        actorEmail: job.requestedBy,
        role: job.requestedRole,
        action: `device.${job.action}`,
        targets: [id],
        params: { job: job.id, ...(names.has(id) ? { device: names.get(id) } : {}) },
        outcome: outcome.outcome === 'ineligible' ? `ineligible:${outcome.reason ?? ''}` : outcome.outcome,
        ...(outcome.error ? { vendorResult: { error: outcome.error } } : {}),
        requestId: job.requestId,
        spaceId: job.spaceId,
      })),
    ),
  );
  ctx.observe?.outcomes(job.action, outcome.outcome, ids.length);
}

/** One audit event about the job as a whole. */
export async function recordJobEvent(
  ctx: JobContext,
  job: JobRecord,
  event: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.audit.append({
    actorId: job.requestedById,
    actorEmail: job.requestedBy,
    role: job.requestedRole,
    action: `job.${event}`,
    targets: { job: job.id },
    params: { action: job.action, ...details },
    outcome: 'succeeded',
    requestId: job.requestId,
    spaceId: job.spaceId,
  });
}

/**
 * The webhook event of a job ending in `state`, with its final counts (devices not sent end cancelled with it). Only
 * for a job someone confirmed: a draft dropped or expired tells nobody.
 */
export async function finishedEvents(
  ctx: JobContext,
  job: JobRecord,
  state: JobState,
  known: { reason?: string; counts?: JobCounts } = {},
): Promise<OutboxEvent[]> {
  if (job.confirmedAt === null || ctx.webhooks.receivers.length === 0) return [];
  const { pending, succeeded, ineligible, failed, unknown, cancelled } =
    known.counts ?? (await ctx.store.counts(job.id));
  const final = { pending: 0, succeeded, ineligible, failed, unknown, cancelled: cancelled + pending };
  return ctx.webhooks.aboutJob(
    'job.finished',
    job,
    { state, counts: final, ...(known.reason === undefined ? {} : { reason: known.reason }) },
    ctx.now(),
  );
}
