import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function auditRoutes(router: Router, { audit }: Services): void {
  mount(router, 'listAudit', ({ query }) => audit.query(query), audit);
}
