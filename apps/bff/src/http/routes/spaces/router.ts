import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function spaceRoutes(router: Router, { tenant, spaces, audit }: Services): void {
  mount(router, 'listSpaces', () => tenant.spaces(), audit);
  mount(router, 'chooseSpace', ({ body, session }) => spaces.choose(session, body.spaceId), audit);
}
