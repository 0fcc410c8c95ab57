import { z } from 'zod';

/** What the console tells outgoing webhooks about. */
export const WEBHOOK_EVENTS = ['job.approval_requested', 'job.paused', 'job.halted', 'job.finished'] as const;
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** pending: not yet answered 2xx, tried again later; delivered: a receiver answered 2xx; failed: given up. */
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export const webhookDeliveryStateSchema = z.enum(WEBHOOK_DELIVERY_STATES);
export type WebhookDeliveryState = z.infer<typeof webhookDeliveryStateSchema>;

/** The headers of a delivery (HTTP header names are case-insensitive). */
export const WEBHOOK_HEADERS = {
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with WEBHOOK_SECRET>` */
  signature: 'X-MDM-Console-Signature',
  event: 'X-MDM-Console-Event',
  /** The same on every attempt of one delivery: a receiver may drop a repeat it has already handled. */
  delivery: 'X-MDM-Console-Delivery',
} as const;

/** One event to one receiver, as the delivery log shows it. */
export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  event: webhookEventSchema,
  eventId: z.uuid(),
  jobId: z.uuid().nullable(),
  /** The receiver without what may be a secret (the path after its first segment, the query). */
  receiver: z.string(),
  state: webhookDeliveryStateSchema,
  attempts: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  /** The last answer's HTTP status, or null when none came (refused, timed out). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesQuerySchema = z.strictObject({
  state: webhookDeliveryStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Deliveries older than this one (the log is newest first). */
  before: z.uuid().optional(),
});

export const webhookDeliveriesPageSchema = z.object({
  /** How many receivers WEBHOOK_URLS names (0: webhooks are off). */
  receivers: z.number().int().min(0),
  deliveries: z.array(webhookDeliverySchema),
  nextBefore: z.uuid().nullable(),
});
export type WebhookDeliveriesPage = z.infer<typeof webhookDeliveriesPageSchema>;
