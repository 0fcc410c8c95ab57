import type { Router } from 'express';
import type { Accounts } from '../../domain/accounts.ts';
import type { AuditLog } from '../../domain/audit.ts';
import type { PeopleService } from '../../domain/people.ts';
import type { TenantService } from '../../domain/tenant.ts';
import { AppError } from '../../errors.ts';
import { openApiDocument } from '@mdm-console/contract';
import { mount } from '../endpoint.ts';
import type { SpaceResolver } from './space.ts';

export function otherRoutes(
  router: Router,
  deps: { people: PeopleService; tenant: TenantService; accounts: Accounts; audit: AuditLog; space: SpaceResolver },
): void {
  const { people, tenant, accounts, audit, space } = deps;
  const document = openApiDocument();

  mount(router, 'openapi', () => document, audit);
  mount(
    router,
    'searchUsers',
    async ({ query, session }) => people.search(query.q, query.limit, await space(session, undefined)),
    audit,
  );
  mount(router, 'lookup', async ({ query, session }) => people.lookup(query.q, await space(session, undefined)), audit);
  mount(router, 'listSpaces', () => tenant.spaces(), audit);
  mount(
    router,
    'chooseSpace',
    async ({ body, session }) => {
      await tenant.requireSpace(body.spaceId);
      await accounts.setSpace(session.account.id, body.spaceId);
      return { spaceId: body.spaceId };
    },
    audit,
  );
  mount(router, 'listDepServers', () => tenant.depServers(), audit);
  mount(
    router,
    'listDepProfiles',
    ({ params }) => {
      const id = Number(params.id);
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new AppError(400, 'VALIDATION_FAILED', 'A DEP server is named by its numeric id.');
      return tenant.depProfiles(id);
    },
    audit,
  );
  mount(router, 'listAudit', ({ query }) => audit.query(query), audit);
}
