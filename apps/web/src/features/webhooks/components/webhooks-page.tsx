import { WEBHOOK_DELIVERY_STATES, type WebhookDelivery, type WebhookDeliveryState } from '@mdm-console/contract';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { RelativeTime } from '../../../components/ui/badges.tsx';
import { KeysetPager, useKeysetPages } from '../../../components/ui/keyset-pager.tsx';
import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { QueryStates } from '../../../components/ui/states.tsx';
import { useWebhookDeliveries } from '../api/deliveries.ts';

const STATE_LABELS: Record<WebhookDeliveryState, string> = {
  pending: 'Waiting to be delivered',
  delivered: 'Delivered',
  failed: 'Given up',
};

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The last answer, in words: the status, or why none came. */
function lastAnswer(delivery: WebhookDelivery): string {
  if (delivery.attempts === 0) return 'Not tried yet';
  if (delivery.lastStatus !== null && delivery.state === 'delivered') return `Answered ${String(delivery.lastStatus)}`;
  return delivery.lastError ?? `Answered ${String(delivery.lastStatus)}`;
}

function DeliveryRow({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <tr>
      <td>
        <code>{delivery.event}</code>
      </td>
      <td>
        {delivery.jobId === null ? (
          ''
        ) : (
          <Link to="/activity/jobs/$jobId" params={{ jobId: delivery.jobId }}>
            Job {delivery.jobId.slice(0, 8)}
          </Link>
        )}
      </td>
      <td className="small">{delivery.receiver}</td>
      <td>
        <span
          className={
            delivery.state === 'failed'
              ? 'badge badge-bad'
              : delivery.state === 'delivered'
                ? 'badge badge-ok'
                : 'badge'
          }
        >
          {STATE_LABELS[delivery.state]}
        </span>
      </td>
      <td>{delivery.attempts}</td>
      <td className="small">{lastAnswer(delivery)}</td>
      <td>
        {delivery.state === 'delivered' ? (
          <RelativeTime ms={ms(delivery.deliveredAt)} />
        ) : delivery.nextAttemptAt !== null ? (
          <>
            next try <RelativeTime ms={ms(delivery.nextAttemptAt)} />
          </>
        ) : (
          ''
        )}
      </td>
      <td>
        <RelativeTime ms={ms(delivery.createdAt)} />
      </td>
    </tr>
  );
}

/** Admins: every job event sent to every webhook receiver, with its attempts and last answer. */
export function WebhooksPage() {
  const [state, setState] = useState<WebhookDeliveryState>();
  const pages = useKeysetPages<string>();
  const log = useWebhookDeliveries(state, pages.current);
  const choose = (next: WebhookDeliveryState | undefined) => {
    setState(next);
    pages.reset();
  };
  const deliveries = log.data?.deliveries ?? [];
  return (
    <div className="webhooks-page">
      <h1>Webhooks</h1>
      <p>
        {log.data?.receivers === 0
          ? 'No receiver is configured: set WEBHOOK_URLS (see the README). Earlier deliveries stay listed here.'
          : 'Job events sent to the receivers in WEBHOOK_URLS. Each is tried again until a receiver answers 2xx, for about 16 hours.'}
      </p>
      <div className="toolbar" role="group" aria-label="Show deliveries">
        <button type="button" aria-pressed={state === undefined} onClick={() => choose(undefined)}>
          All
        </button>
        {WEBHOOK_DELIVERY_STATES.map((value) => (
          <button key={value} type="button" aria-pressed={state === value} onClick={() => choose(value)}>
            {STATE_LABELS[value]}
          </button>
        ))}
      </div>
      <QueryStates
        query={log}
        loading="Loading deliveries…"
        empty={deliveries.length === 0 ? 'No deliveries to show.' : null}
      />
      {deliveries.length > 0 ? (
        <PlainTable
          caption="Webhook deliveries, newest first"
          headers={['Event', 'Job', 'Receiver', 'State', 'Attempts', 'Last answer', 'Delivered / next', 'Created']}
        >
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </PlainTable>
      ) : null}
      <KeysetPager pages={pages} nextKey={log.data?.nextBefore} what="deliveries" />
    </div>
  );
}
