import { webhookDeliveryStateSchema, webhookEventSchema, type WebhookDeliveryState } from '@mdm-console/contract';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { bigintColumn, parseRow } from './columns.ts';
import type { StoreKind } from './db.ts';
import type { Database } from './schema.ts';

/** An event to tell every receiver: one delivery row each, written in the transaction of the change it tells of. */
export interface OutboxEvent {
  eventId: string;
  event: z.infer<typeof webhookEventSchema>;
  jobId: string | null;
  spaceId: number | null;
  body: string;
  createdAt: number;
  /** The receivers, each with the id of its delivery. */
  deliveries: readonly { id: string; url: string }[];
}

const deliveryRecordSchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event: webhookEventSchema,
    job_id: z.string().nullable(),
    space_id: z.number().nullable(),
    url: z.string(),
    body: z.string(),
    created_at: bigintColumn,
    state: webhookDeliveryStateSchema,
    attempts: z.number(),
    next_attempt_at: bigintColumn.nullable(),
    last_status: z.number().nullable(),
    last_error: z.string().nullable(),
    delivered_at: bigintColumn.nullable(),
  })
  .transform((row) => ({
    id: row.id,
    eventId: row.event_id,
    event: row.event,
    jobId: row.job_id,
    spaceId: row.space_id,
    url: row.url,
    body: row.body,
    createdAt: row.created_at,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
  }));
export type DeliveryRecord = z.output<typeof deliveryRecordSchema>;

const toDelivery = (row: unknown): DeliveryRecord => parseRow(deliveryRecordSchema, 'webhook_deliveries', row);

/** What one attempt ended with: delivered, or tried again at `retryAt` (null: given up). */
export type AttemptResult =
  | { delivered: true; status: number; at: number }
  | { delivered: false; status: number | null; error: string; retryAt: number | null };

export interface DeliveryFilter {
  state?: WebhookDeliveryState | undefined;
  /** Only events of jobs in these spaces (and events of no job); null for every space. */
  spaces: readonly number[] | null;
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** Inserts an event's deliveries with `db`, which may be a transaction of the change the event tells of. */
export async function insertOutboxEvent(db: Kysely<Database>, event: OutboxEvent): Promise<void> {
  if (event.deliveries.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(
      event.deliveries.map((delivery) => ({
        id: delivery.id,
        event_id: event.eventId,
        event: event.event,
        job_id: event.jobId,
        space_id: event.spaceId,
        url: delivery.url,
        body: event.body,
        created_at: event.createdAt,
        state: 'pending',
        attempts: 0,
        next_attempt_at: event.createdAt,
      })),
    )
    .execute();
}

/** The durable outbox of outgoing webhooks: deliveries claimed by one process at a time, retried, logged. */
export class WebhookOutbox {
  private readonly db: Kysely<Database>;
  private readonly kind: StoreKind;

  constructor(db: Kysely<Database>, kind: StoreKind) {
    this.db = db;
    this.kind = kind;
  }

  /** Claims up to `limit` deliveries due by `now` to `urls` for `owner` until its lease ends, oldest due first. */
  async claimDue(
    urls: readonly string[],
    claim: { owner: string; now: number; leaseMs: number; limit: number },
  ): Promise<DeliveryRecord[]> {
    if (urls.length === 0) return [];
    const due = this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', claim.now)
      .where('url', 'in', urls)
      .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', claim.now)]))
      .orderBy('next_attempt_at')
      .limit(claim.limit);
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ claim_owner: claim.owner, claim_until: claim.now + claim.leaseMs })
      // As for job chunks: ARRAY(…) runs the locking subquery exactly once on PostgreSQL.
      .where(
        this.kind === 'postgres'
          ? sql<boolean>`id = any(array(${due.forUpdate().skipLocked()}))`
          : sql<boolean>`id in (${due})`,
      )
      .returningAll()
      .execute();
    return rows.map(toDelivery).sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
  }

  /** Records an attempt of a delivery `owner` holds; false when its claim was lost meanwhile. */
  async recordAttempt(id: string, owner: string, result: AttemptResult): Promise<boolean> {
    const change = result.delivered
      ? { state: 'delivered', last_status: result.status, last_error: null, delivered_at: result.at }
      : {
          state: result.retryAt === null ? 'failed' : 'pending',
          last_status: result.status,
          last_error: result.error,
          next_attempt_at: result.retryAt,
        };
    const updated = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ ...change, attempts: eb('attempts', '+', 1), claim_owner: null, claim_until: null }))
      .where('id', '=', id)
      .where('claim_owner', '=', owner)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /** The delivery log, newest first. */
  async list(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll();
    if (filter.state) query = query.where('state', '=', filter.state);
    const { spaces, before } = filter;
    if (spaces)
      query = query.where((eb) =>
        eb.or([eb('space_id', 'is', null), ...(spaces.length > 0 ? [eb('space_id', 'in', spaces)] : [])]),
      );
    if (before)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
        ]),
      );
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toDelivery);
  }

  async get(id: string): Promise<DeliveryRecord | undefined> {
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Drops delivered and failed deliveries created before `time` (the log keeps a window). */
  async deleteFinishedBefore(time: number): Promise<void> {
    await this.db
      .deleteFrom('webhook_deliveries')
      .where('state', 'in', ['delivered', 'failed'])
      .where('created_at', '<', time)
      .execute();
  }
}
