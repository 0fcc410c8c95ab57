import {
  jobActionSchema,
  jobOutcomeSchema,
  jobRequestSchema,
  jobStateSchema,
  roleSchema,
  wavePlanSchema,
  type JobAction,
  type JobOutcome,
  type JobParams,
  type JobState,
  type Role,
  type WavePlan,
} from '@mdm-console/contract';
import { z } from 'zod';
import { bigintColumn, flagColumn, jsonColumn } from './columns.ts';
import type { JobItemStatus } from './schema.ts';

/** A search as a job keeps it: the vendor parameters of the filter, without paging. */
export const storedSearchSchema = z.strictObject({
  q: z.string().optional(),
  fq: z.array(z.string()).readonly().optional(),
  dmPartitionId: z.number().optional(),
  sort: z
    .array(z.strictObject({ field: z.string(), order: z.enum(['ASC', 'DESC']) }).readonly())
    .readonly()
    .optional(),
});

/** The target as stored: ids chosen one by one, or a search (a filter resolved when the job was requested). */
export const storedTargetSchema = z.union([
  z.strictObject({ ids: z.array(z.number().int().positive()) }),
  z.strictObject({ search: storedSearchSchema }),
]);
export type StoredTarget = z.output<typeof storedTargetSchema>;

/** The preflight summary stored when the job was prepared. */
export const preflightSchema = z.strictObject({
  eligible: z.number().int().min(0),
  ineligible: z.number().int().min(0),
  reasons: z.array(z.strictObject({ code: z.string(), count: z.number().int().min(0) })),
});
export type Preflight = z.output<typeof preflightSchema>;

const epoch = bigintColumn;
const optionalEpoch = bigintColumn.nullable();

export const jobRecordSchema = z
  .object({
    id: z.string(),
    action: jobActionSchema,
    params: jsonColumn(z.record(z.string(), z.unknown())),
    target: jsonColumn(storedTargetSchema),
    target_description: z.string(),
    space_id: z.number(),
    state: jobStateSchema,
    requested_by_id: z.number(),
    requested_by: z.string(),
    requested_role: roleSchema,
    approved_by: z.string().nullable(),
    approved_at: optionalEpoch,
    created_at: epoch,
    confirmed_at: optionalEpoch,
    run_after: optionalEpoch,
    run_at: optionalEpoch,
    waves: jsonColumn(wavePlanSchema).nullable(),
    current_wave: z.number(),
    wave_count: z.number(),
    paused_until: optionalEpoch,
    started_at: optionalEpoch,
    finished_at: optionalEpoch,
    follow_until: optionalEpoch,
    resolved: z.number(),
    frozen_count: z.number(),
    preflight: jsonColumn(preflightSchema).nullable(),
    needs_approval: flagColumn,
    cancel_requested: flagColumn,
    error: z.string().nullable(),
    retry_of: z.string().nullable(),
    request_id: z.string().nullable(),
    lease_owner: z.string().nullable(),
    lease_until: optionalEpoch,
  })
  .transform((row, ctx) => {
    // The parameters are checked with the action they belong to, so that each action reads its own shape.
    const request = jobRequestSchema.safeParse({ action: row.action, params: row.params });
    if (!request.success) {
      ctx.addIssue({ code: 'custom', path: ['params'], message: `do not fit ${row.action}` });
      return z.NEVER;
    }
    return {
      id: row.id,
      action: row.action,
      params: request.data.params,
      target: row.target,
      targetDescription: row.target_description,
      spaceId: row.space_id,
      state: row.state,
      requestedById: row.requested_by_id,
      requestedBy: row.requested_by,
      requestedRole: row.requested_role,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
      runAfter: row.run_after,
      runAt: row.run_at,
      waves: row.waves,
      currentWave: row.current_wave,
      waveCount: row.wave_count,
      pausedUntil: row.paused_until,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      followUntil: row.follow_until,
      resolved: row.resolved,
      frozenCount: row.frozen_count,
      preflight: row.preflight,
      needsApproval: row.needs_approval,
      cancelRequested: row.cancel_requested,
      error: row.error,
      retryOf: row.retry_of,
      requestId: row.request_id,
      leaseOwner: row.lease_owner,
      leaseUntil: row.lease_until,
    };
  });
export type JobRecord = z.output<typeof jobRecordSchema>;

export interface NewJob {
  id: string;
  action: JobAction;
  params: JobParams;
  target: StoredTarget;
  targetDescription: string;
  spaceId: number;
  requestedById: number;
  requestedBy: string;
  requestedRole: Role;
  createdAt: number;
  /** The time it is scheduled for; null to run right after confirmation. */
  runAt: number | null;
  /** Its waves as requested; the confirmation may change them. */
  waves: WavePlan | null;
  retryOf: string | null;
  requestId: string | null;
}

/** What a job's lifecycle changes; each key is one column. */
export interface JobPatch {
  state?: JobState;
  approvedBy?: string;
  approvedAt?: number;
  confirmedAt?: number;
  runAt?: number;
  runAfter?: number;
  waves?: WavePlan | null;
  currentWave?: number;
  waveCount?: number;
  pausedUntil?: number | null;
  startedAt?: number;
  finishedAt?: number;
  followUntil?: number;
  resolved?: number;
  frozenCount?: number;
  preflight?: Preflight;
  needsApproval?: boolean;
  cancelRequested?: boolean;
  error?: string | null;
}

export const jobItemRecordSchema = z
  .object({
    device_id: bigintColumn,
    seq: z.number(),
    device_name: z.string().nullable(),
    platform: z.string().nullable(),
    owner: z.string().nullable(),
    status: z.enum(['queued', 'sent', 'done']),
    outcome: jobOutcomeSchema.nullable(),
    reason: z.string().nullable(),
    error: z.string().nullable(),
    registration_state: z.string().nullable(),
    wave: z.number(),
  })
  .transform((row) => ({
    deviceId: row.device_id,
    seq: row.seq,
    deviceName: row.device_name,
    platform: row.platform,
    owner: row.owner,
    status: row.status,
    outcome: row.outcome,
    reason: row.reason,
    error: row.error,
    followedState: row.registration_state,
    wave: row.wave,
  }));
export type JobItemRecord = z.output<typeof jobItemRecordSchema>;

export interface NewJobItem {
  deviceId: number;
  seq: number;
  deviceName: string | null;
  platform: string | null;
  owner: string | null;
  status: JobItemStatus;
  outcome: JobOutcome | null;
  reason: string | null;
  /** The registration state when frozen. */
  registrationState: string | null;
  /** What sampling the first wave looks at beside the platform. */
  model: string | null;
}
