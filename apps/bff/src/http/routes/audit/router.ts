import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function auditRoutes(router: Router, { audit, scope }: Services): void {
  mount(router, 'listAudit', ({ query, session }) => audit.query(query, scope.listable(session, 'audit:read')), audit);
}
