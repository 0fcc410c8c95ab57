import { USERS_MAX_LIMIT, USERS_MAX_OFFSET, USERS_QUERY_MAX_LENGTH } from '@mdm-console/mdm-api';
import { Router } from 'express';
import { fieldError } from '../../errors.ts';
import type { Simulator } from '../../simulator.ts';
import { FIRST_NAMES, LAST_NAMES } from '../../tenant/catalog.ts';
import { uuid } from '../../tenant/random.ts';
import { TRUE } from '../../tenant/tenant.ts';
import { queryParams } from '../request.ts';

function userDocument(sim: Simulator, u: number): Record<string, unknown> {
  const users = sim.tenant.users;
  const firstName = FIRST_NAMES[users.firstName[u] ?? 0] ?? '';
  const lastName = LAST_NAMES[users.lastName[u] ?? 0] ?? '';
  const email = users.email[u] ?? '';
  const ldap = users.ldap[u] === TRUE;
  return {
    ldapuser: ldap,
    localUser: !ldap,
    passcodeInBytes: '',
    passwordHashSHA256: null,
    androidWorkEmailAddress: null,
    androidWorkUserId: null,
    lastLoginIp: null,
    lastAdminPortalLoginTime: null,
    samlPseudonymousIdentifier: null,
    forcePasswordChange: false,
    languageId: null,
    countryId: null,
    opaque: true,
    userSource: ldap ? 'LDAP' : 'L',
    value: null,
    enabled: users.enabled[u] === TRUE,
    createdBy: null,
    createdAt: users.createdAt[u] ?? null,
    email,
    lastName,
    firstName,
    displayName: `${firstName} ${lastName}`,
    devices: [],
    roles: ['ROLE_MPW_REG', 'ROLE_MPW_LOCK', 'ROLE_MPW_LOCATE', 'ROLE_USER_PORTAL_RW'],
    deviceSpacePath: '/1/',
    deviceSpaceId: 1,
    principal: email,
    id: sim.tenant.userId(u),
    uuid: uuid(sim.tenant.seed, 91, u),
  };
}

/** Core V2 `GET /api/v2/authorized/users`: query 1..20 characters against first name, last name and principal. */
export function usersRouter(sim: Simulator): Router {
  const router = Router();
  router.get('/api/v2/authorized/users', (req, res) => {
    const params = queryParams(req);
    if (params.int('adminDeviceSpaceId', 0, Number.MAX_SAFE_INTEGER) === undefined)
      throw fieldError('adminDeviceSpaceId', 'NotNull', 'adminDeviceSpaceId is required');
    const query = params.one('query');
    if (query !== undefined && (query.length < 1 || query.length > USERS_QUERY_MAX_LENGTH)) {
      throw fieldError('query', 'Size', `query must be 1 to ${USERS_QUERY_MAX_LENGTH} characters`);
    }
    const limit = params.int('limit', 0, USERS_MAX_LIMIT) ?? USERS_MAX_LIMIT;
    const offset = params.int('offset', 0, USERS_MAX_OFFSET) ?? 0;
    const order = (params.one('sortOrder') ?? 'ASC').trim().toUpperCase();
    if (order !== 'ASC' && order !== 'DESC')
      throw fieldError('sortOrder', 'InvalidSortOrder', 'sortOrder must be ASC or DESC');

    const users = sim.tenant.users;
    const emails = sim.engine.text.emails;
    let matches: (u: number) => boolean = () => true;
    if (query !== undefined) {
      const needle = query.toLowerCase();
      const firstHits = FIRST_NAMES.map((name) => name.toLowerCase().startsWith(needle));
      const lastHits = LAST_NAMES.map((name) => name.toLowerCase().startsWith(needle));
      const byPrincipal = new Set<number>();
      emails.forPrefix(needle, (u) => byPrincipal.add(u));
      matches = (u) =>
        firstHits[users.firstName[u] ?? 0] === true || lastHits[users.lastName[u] ?? 0] === true || byPrincipal.has(u);
    }
    const window: number[] = [];
    let total = 0;
    for (let k = 0; k < emails.size; k += 1) {
      const u = emails.ownerAt(order === 'ASC' ? k : emails.size - 1 - k);
      if (!matches(u)) continue;
      if (total >= offset && window.length < limit) window.push(u);
      total += 1;
    }
    res.json({
      results: window.map((u) => userDocument(sim, u)),
      hasMore: offset + window.length < total,
      resultCount: window.length,
      totalCount: total,
    });
  });
  return router;
}
