import type { Router } from 'express';
import type { Services } from '../../../composition.ts';
import { AppError } from '../../../errors.ts';
import { mount } from '../../endpoint.ts';

function serverId(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError(400, 'VALIDATION_FAILED', 'A DEP server is named by its numeric id.');
  return id;
}

export function depRoutes(router: Router, { tenant, audit }: Services): void {
  mount(router, 'listDepServers', () => tenant.depServers(), audit);
  mount(router, 'listDepProfiles', ({ params }) => tenant.depProfiles(serverId(params)), audit);
}
