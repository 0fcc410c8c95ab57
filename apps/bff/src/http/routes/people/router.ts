import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function peopleRoutes(router: Router, { people, audit }: Services): void {
  mount(router, 'searchUsers', ({ query, session }) => people.search(session, query.q, query.limit), audit);
  mount(router, 'lookup', ({ query, session }) => people.lookup(session, query.q), audit);
}
