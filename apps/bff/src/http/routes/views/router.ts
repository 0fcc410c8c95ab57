import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

const viewId = (params: Record<string, string>): string => params.id ?? '';

export function viewRoutes(router: Router, { views, audit }: Services): void {
  mount(router, 'listViews', ({ session }) => views.list(session), audit);
  mount(
    router,
    'createView',
    async ({ session, body, audit: details }) => {
      const view = await views.create(session, body);
      details.targets = { view: view.id };
      return view;
    },
    audit,
  );
  mount(router, 'updateView', ({ session, params, body }) => views.update(session, viewId(params), body), audit);
  mount(router, 'deleteView', ({ session, params }) => views.delete(session, viewId(params)), audit);
}
