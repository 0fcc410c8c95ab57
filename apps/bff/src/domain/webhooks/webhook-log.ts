import type { WebhookDeliveriesPage, WebhookDelivery, webhookDeliveriesQuerySchema } from '@mdm-console/contract';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { DeliveryRecord, WebhookOutbox } from '../../store/webhook-outbox.ts';
import type { DeviceScope } from '../device-scope.ts';
import type { ActiveSession } from '../sessions.ts';

/**
 * A receiver as the log shows it: its origin and first path segment. Chat webhooks carry their secret in the rest
 * of the path (Slack, Teams) or the query (signed URLs): that part is never shown.
 */
export function redactedReceiver(url: string): string {
  const parsed = new URL(url);
  const [first = ''] = parsed.pathname.split('/').filter((segment) => segment !== '');
  const hidden = parsed.pathname.replace(/\/+$/, '') !== (first === '' ? '' : `/${first}`) || parsed.search !== '';
  return `${parsed.origin}${first === '' ? '' : `/${first}`}${hidden ? '/…' : ''}`;
}

const iso = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());

function toDelivery(record: DeliveryRecord): WebhookDelivery {
  return {
    id: record.id,
    event: record.event,
    eventId: record.eventId,
    jobId: record.jobId,
    receiver: redactedReceiver(record.url),
    state: record.state,
    attempts: record.attempts,
    createdAt: new Date(record.createdAt).toISOString(),
    nextAttemptAt: record.state === 'pending' ? iso(record.nextAttemptAt) : null,
    deliveredAt: iso(record.deliveredAt),
    lastStatus: record.lastStatus,
    lastError: record.lastError,
  };
}

/** The delivery log: every event to every receiver, of the spaces the reader may see. */
export class WebhookLog {
  private readonly outbox: WebhookOutbox;
  private readonly scope: DeviceScope;
  private readonly receivers: number;

  constructor(options: { outbox: WebhookOutbox; scope: DeviceScope; receivers: number }) {
    this.outbox = options.outbox;
    this.scope = options.scope;
    this.receivers = options.receivers;
  }

  async list(
    session: ActiveSession,
    query: z.output<typeof webhookDeliveriesQuerySchema>,
  ): Promise<WebhookDeliveriesPage> {
    const spaces = this.scope.listable(session, 'webhooks:read');
    let before: { createdAt: number; id: string } | undefined;
    if (query.before !== undefined) {
      const from = await this.outbox.get(query.before);
      if (!from)
        throw new AppError(400, 'UNKNOWN_CURSOR', 'This page of the log no longer exists; start from the top.');
      before = { createdAt: from.createdAt, id: from.id };
    }
    const records = await this.outbox.list({ state: query.state, spaces, before, limit: query.limit + 1 });
    const page = records.slice(0, query.limit);
    return {
      receivers: this.receivers,
      deliveries: page.map(toDelivery),
      nextBefore: records.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }
}
