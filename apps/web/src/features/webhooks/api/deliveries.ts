import type { WebhookDeliveryState } from '@mdm-console/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

/** The log changes as deliveries are tried: read again while it is shown. */
const REFRESH_MS = 5_000;

/** One page of the webhook delivery log, newest first. */
export const useWebhookDeliveries = (state: WebhookDeliveryState | undefined, before: string | undefined) =>
  useQuery({
    queryKey: [...queryRoots.webhooks, state ?? 'all', before ?? 'first'],
    queryFn: ({ signal }) => api.listWebhookDeliveries({ query: { state, before, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
