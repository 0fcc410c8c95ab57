import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { streamCsv } from '../../csv-stream.ts';
import { mount, mountRaw } from '../../endpoint.ts';

const AUDIT_CSV_HEADER = ['time', 'actor', 'role', 'action', 'targets', 'parameters', 'outcome', 'request_id'];

export function auditRoutes(router: Router, { audit, scope }: Services): void {
  mount(router, 'listAudit', ({ query, session }) => audit.query(query, scope.listable(session, 'audit:read')), audit);
  mountRaw(router, 'exportAudit', async ({ query, session, req, res }) => {
    const events = audit.pages(query, scope.listable(session, 'audit:read'));
    async function* pages() {
      for await (const page of events)
        yield page.map((event) => [
          event.at,
          event.actorEmail,
          event.role,
          event.action,
          JSON.stringify(event.targets),
          JSON.stringify(event.params),
          event.outcome,
          event.requestId,
        ]);
    }
    await streamCsv(req, res, { name: 'activity.csv', header: AUDIT_CSV_HEADER }, pages());
  });
}
