import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function webhookRoutes(router: Router, { webhookLog, audit }: Services): void {
  mount(router, 'listWebhookDeliveries', ({ session, query }) => webhookLog.list(session, query), audit);
}
