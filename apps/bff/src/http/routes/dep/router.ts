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

export function depRoutes(router: Router, { tenant, scope, audit }: Services): void {
  mount(
    router,
    'listDepServers',
    ({ session }) => {
      scope.everySpace(session, 'dep:read');
      return tenant.depServers();
    },
    audit,
  );
  mount(
    router,
    'listDepProfiles',
    ({ session, params }) => {
      scope.everySpace(session, 'dep:read');
      return tenant.depProfiles(serverId(params));
    },
    audit,
  );
}
