import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { mount } from '../../endpoint.ts';

export function spaceRoutes(router: Router, { spaces, audit }: Services): void {
  mount(router, 'listSpaces', ({ session }) => spaces.list(session), audit);
  mount(router, 'chooseSpace', ({ body, session }) => spaces.choose(session, body.spaceId), audit);
}
