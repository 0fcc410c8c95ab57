import { z } from 'zod';

export const auditQuerySchema = z.strictObject({
  /** Words searched in the actor, action, device names and ids, and parameters (each word a prefix; all must match). */
  q: z.string().trim().max(200).optional(),
  actor: z.string().max(254).optional(),
  action: z.string().max(64).optional(),
  device: z.coerce.number().int().positive().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Events older than this id (paging backwards in time). */
  before: z.coerce.number().int().positive().optional(),
});

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorEmail: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  targets: z.unknown(),
  params: z.unknown(),
  outcome: z.string(),
  vendorResult: z.unknown(),
  requestId: z.string().nullable(),
});
export const auditPageSchema = z.object({ events: z.array(auditEventSchema), nextBefore: z.number().nullable() });
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
