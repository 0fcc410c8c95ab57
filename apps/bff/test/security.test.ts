import {
  ApiError,
  ENDPOINT_NAMES,
  endpoints,
  ROLES,
  sessionSchema,
  type EndpointName,
  type Role,
} from '@mdm-console/contract';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEveryRouteDeclaresAccess } from '../src/http/endpoint.ts';
import { z } from 'zod';
import { apiAs, call, DEMO_PASSWORD, errorCode, refusal, signIn, startHarness, type Harness } from './harness.ts';

let h: Harness;
let base: string;
const cookies = {} as Record<Role, string>;
let cancelledJob = '';
let sharedView = '';
let preview = '';

/** Whether the session of this cookie is still alive on the server. */
async function isAlive(cookie: string): Promise<boolean> {
  try {
    await apiAs(base, cookie).getSession();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return false;
    throw error;
  }
}

beforeAll(async () => {
  h = await startHarness();
  base = h.bff.url;
  for (const role of ROLES) cookies[role] = await signIn(base, `${role}@demo.local`);
  const admin = apiAs(base, cookies.admin);
  const job = await admin.createJob({ body: { action: 'forceCheckin', params: {}, target: { ids: [22001] } } });
  cancelledJob = (await admin.cancelJob({ params: { id: job.id } })).id;
  sharedView = (await admin.createView({ body: { name: 'Shared with all', query: {}, shared: true } })).id;
  preview = (await admin.createImport({ body: { csv: 'id,attr:matrix\n22001,1\n', key: 'id' } })).id;
});
afterAll(async () => {
  await h.close();
});

/** A request each endpoint answers with 200 for a role that may call it. */
const SAMPLES: Record<EndpointName, () => { path: string; body?: unknown }> = {
  login: () => ({ path: '/api/session' }),
  getSession: () => ({ path: '/api/session' }),
  logout: () => ({ path: '/api/session' }),
  signInOptions: () => ({ path: '/api/sign-in-options' }),
  openapi: () => ({ path: '/api/openapi.json' }),
  searchDevices: () => ({ path: '/api/devices?size=2&f=platform:IOS' }),
  checkFq: () => ({ path: '/api/devices/fq-check?fq=platformType%20%3D%20%22IOS%22' }),
  exportDevices: () => ({ path: '/api/devices/export.csv?f=platform:IOS&columns=deviceName,serialNumber' }),
  getDevice: () => ({ path: '/api/devices/22001' }),
  getDeviceConfigs: () => ({ path: '/api/devices/22001/configs' }),
  getDevicePolicies: () => ({ path: '/api/devices/22001/policies' }),
  getDeviceCertificates: () => ({ path: '/api/devices/22001/certificates' }),
  getCustomAttributes: () => ({ path: '/api/devices/22001/custom-attributes' }),
  replaceCustomAttributes: () => ({ path: '/api/devices/22002/custom-attributes', body: { attrs: { matrix: ['1'] } } }),
  mergeCustomAttributes: () => ({ path: '/api/devices/22002/custom-attributes', body: { attrs: { matrix: ['2'] } } }),
  removeCustomAttributes: () => ({ path: '/api/devices/22002/custom-attributes/remove', body: { names: ['matrix'] } }),
  excludeConfigs: () => ({ path: '/api/devices/22002/configs/exclude', body: { configIds: [35046] } }),
  pushBackConfigs: () => ({ path: '/api/devices/22002/configs/push-back', body: { configIds: [35046] } }),
  reinstallConfigs: () => ({ path: '/api/devices/22002/configs/reinstall', body: { configIds: [35046] } }),
  syncCompliance: () => ({ path: '/api/devices/22002/compliance-sync', body: { vendor: 'Intune' } }),
  searchUsers: () => ({ path: '/api/users?q=anna' }),
  lookup: () => ({ path: '/api/lookup?q=anna' }),
  listSpaces: () => ({ path: '/api/spaces' }),
  chooseSpace: () => ({ path: '/api/me/space', body: { spaceId: 23504 } }),
  listDepServers: () => ({ path: '/api/dep/servers' }),
  listDepProfiles: () => ({ path: '/api/dep/servers/198/profiles' }),
  listViews: () => ({ path: '/api/views' }),
  createView: () => ({
    path: '/api/views',
    body: { name: `matrix ${String(Math.random())}`, query: { f: ['platform:IOS'] } },
  }),
  updateView: () => ({ path: `/api/views/${sharedView}`, body: { pinned: true } }),
  deleteView: () => ({ path: `/api/views/${String(Math.random())}` }),
  listAudit: () => ({ path: '/api/audit?limit=5' }),
  exportAudit: () => ({ path: '/api/audit/export.csv?action=session.login' }),
  createJob: () => ({ path: '/api/jobs', body: { action: 'forceCheckin', params: {}, target: { ids: [22001] } } }),
  listJobs: () => ({ path: '/api/jobs?limit=5' }),
  getJob: () => ({ path: `/api/jobs/${cancelledJob}` }),
  confirmJob: () => ({ path: `/api/jobs/${cancelledJob}/confirm`, body: {} }),
  approveJob: () => ({ path: `/api/jobs/${cancelledJob}/approve` }),
  cancelJob: () => ({ path: `/api/jobs/${cancelledJob}/cancel` }),
  continueJob: () => ({ path: `/api/jobs/${cancelledJob}/continue` }),
  listJobItems: () => ({ path: `/api/jobs/${cancelledJob}/items` }),
  jobItemsCsv: () => ({ path: `/api/jobs/${cancelledJob}/items.csv` }),
  jobEvents: () => ({ path: `/api/jobs/${cancelledJob}/events` }),
  waitingApprovals: () => ({ path: '/api/approvals/waiting' }),
  createImport: () => ({ path: '/api/imports', body: { csv: 'id,attr:matrix\n22001,2\n', key: 'id' } }),
  getImport: () => ({ path: `/api/imports/${preview}` }),
  listImportEntries: () => ({ path: `/api/imports/${preview}/entries` }),
  importEntriesCsv: () => ({ path: `/api/imports/${preview}/entries.csv` }),
  listWebhookDeliveries: () => ({ path: '/api/webhooks/deliveries' }),
};

const ALL: readonly Role[] = ['viewer', 'helpdesk', 'admin'];
const HELPDESK_UP: readonly Role[] = ['helpdesk', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * Who may call each endpoint's sample, written out from the product's roles (viewer: read only; helpdesk: look-ups
 * and everyday actions; admin: everything), independently of the permission table the code uses. Acting on one
 * particular job (confirm, approve, cancel, continue) depends on who requested it: tested with each role in jobs.test.ts;
 * deleting a view depends on who owns it: tested in views.test.ts.
 */
const ALLOWED: Record<
  Exclude<
    EndpointName,
    | 'login'
    | 'openapi'
    | 'signInOptions'
    | 'logout'
    | 'confirmJob'
    | 'approveJob'
    | 'cancelJob'
    | 'continueJob'
    | 'deleteView'
  >,
  readonly Role[]
> = {
  getSession: ALL,
  searchDevices: ALL,
  checkFq: ADMIN,
  exportDevices: ALL,
  getDevice: ALL,
  getDeviceConfigs: ALL,
  getDevicePolicies: ALL,
  getDeviceCertificates: ALL,
  getCustomAttributes: ALL,
  replaceCustomAttributes: ADMIN,
  mergeCustomAttributes: ADMIN,
  removeCustomAttributes: ADMIN,
  excludeConfigs: ADMIN,
  pushBackConfigs: ADMIN,
  reinstallConfigs: ADMIN,
  syncCompliance: ADMIN,
  searchUsers: HELPDESK_UP,
  lookup: HELPDESK_UP,
  listSpaces: ALL,
  chooseSpace: ALL,
  listDepServers: ALL,
  listDepProfiles: ALL,
  listViews: ALL,
  createView: ALL,
  updateView: ALL,
  listAudit: ALL,
  exportAudit: ALL,
  // The sample is a forced check-in, an everyday action.
  createJob: HELPDESK_UP,
  listJobs: ALL,
  createImport: ADMIN,
  getImport: ADMIN,
  listImportEntries: ADMIN,
  importEntriesCsv: ADMIN,
  listWebhookDeliveries: ADMIN,
  getJob: ALL,
  listJobItems: ALL,
  jobItemsCsv: ALL,
  jobEvents: ALL,
  waitingApprovals: ADMIN,
};

const protectedEndpoints = ENDPOINT_NAMES.filter((name) => endpoints[name].access !== 'public' && name !== 'logout');

describe('the security list', () => {
  it('when X-CSRF is missing, then 401, for reads and writes alike', async () => {
    for (const [method, path] of [
      ['GET', '/api/devices'],
      ['POST', '/api/session'],
      ['GET', '/api/openapi.json'],
    ] as const) {
      const reply = await call(base, method, path, {
        csrf: false,
        cookie: cookies.admin,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect(reply.status).toBe(401);
      expect(errorCode(reply)).toBe('CSRF_HEADER_MISSING');
    }
  });

  it.each(protectedEndpoints)('when %s is called anonymously, then 401, never a redirect', async (name) => {
    const sample = SAMPLES[name]();
    const reply = await call(
      base,
      endpoints[name].method.toUpperCase(),
      sample.path,
      sample.body === undefined ? {} : { body: sample.body },
    );
    expect(reply.status).toBe(401);
    expect(reply.headers.get('location')).toBeNull();
    expect(errorCode(reply)).toBe('UNAUTHENTICATED');
  });

  describe('the route × role matrix', () => {
    const cases = (Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]).flatMap((name) =>
      ROLES.map((role) => [name, role] as const),
    );
    it.each(cases)('when %s is called as %s, then 200 or 403 as the role says', async (name, role) => {
      const endpoint = endpoints[name];
      const allowed = ALLOWED[name].includes(role);
      const sample = SAMPLES[name]();
      const reply = await call(base, endpoint.method.toUpperCase(), sample.path, {
        cookie: cookies[role],
        ...(sample.body === undefined ? {} : { body: sample.body }),
      });
      expect(reply.status, reply.text).toBe(allowed ? 200 : 403);
      if (!allowed) expect(errorCode(reply)).toBe('FORBIDDEN');
    });
  });

  it('when a viewer sends a raw fq, then 403; an admin gets it checked by the parser', async () => {
    const query = { fq: "platformType EQ 'IOS'" };
    expect((await refusal(apiAs(base, cookies.viewer).searchDevices({ query }))).status).toBe(403);
    const admin = apiAs(base, cookies.admin);
    expect((await admin.searchDevices({ query })).total).toBeGreaterThan(0);
    expect((await refusal(admin.searchDevices({ query: { fq: 'platformType EQ' } }))).code).toBe('INVALID_FQ');
  });

  it('when signing in, then the cookie is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/, no Domain, 128 bits', async () => {
    const reply = await call(base, 'POST', '/api/session', {
      body: { email: 'viewer@demo.local', password: DEMO_PASSWORD },
    });
    const cookie = reply.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-mdm-session=[A-Za-z0-9_-]{22};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('when signing in again, then the id rotates and the previous one is dead', async () => {
    const first = await signIn(base, 'helpdesk@demo.local');
    const reply = await call(base, 'POST', '/api/session', {
      cookie: first,
      body: { email: 'helpdesk@demo.local', password: DEMO_PASSWORD },
    });
    const second = (reply.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(second).not.toBe(first);
    expect(await isAlive(first)).toBe(false);
    expect(await isAlive(second)).toBe(true);
  });

  it('when a session is idle past 30 minutes, then it ends on the server', async () => {
    const cookie = await signIn(base, 'viewer@demo.local');
    h.clock.advance(29 * 60_000);
    expect(await isAlive(cookie)).toBe(true);
    h.clock.advance(29 * 60_000);
    expect(await isAlive(cookie)).toBe(true);
    h.clock.advance(31 * 60_000);
    expect(await isAlive(cookie)).toBe(false);
  });

  it('when a session passes 8 hours, then it ends however active it was', async () => {
    const cookie = await signIn(base, 'viewer@demo.local');
    for (let hour = 0; hour < 16; hour += 1) {
      h.clock.advance(29 * 60_000);
      expect(await isAlive(cookie)).toBe(true);
    }
    h.clock.advance(20 * 60_000);
    expect(await isAlive(cookie)).toBe(false);
  });

  it('when signing out, then the session is gone on the server, whatever the browser keeps', async () => {
    const cookie = await signIn(base, 'admin@demo.local');
    const reply = await call(base, 'DELETE', '/api/session', { cookie });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('set-cookie')).toMatch(/__Host-mdm-session=;/);
    expect((await refusal(apiAs(base, cookie).searchDevices())).code).toBe('UNAUTHENTICATED');
  });

  it('when the session is read, then it carries no secret', async () => {
    const cookie = await signIn(base, 'viewer@demo.local');
    const reply = await call(base, 'GET', '/api/session', { cookie });
    const session = sessionSchema.strict().parse(reply.json);
    expect(session.role).toBe('viewer');
    expect(reply.text).not.toMatch(/password|hash|scrypt/i);
    expect(reply.text).not.toContain(cookie.split('=')[1] ?? 'missing');
  });

  it('when a state-changing call comes from another origin or is not JSON, then it is refused', async () => {
    const admin = await signIn(base, 'admin@demo.local');
    const evil = await call(base, 'PUT', '/api/me/space', {
      cookie: admin,
      body: { spaceId: 23504 },
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(errorCode(evil)).toBe('CROSS_ORIGIN_REFUSED');
    const site = await call(base, 'PUT', '/api/me/space', {
      cookie: admin,
      body: { spaceId: 23504 },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(site.status).toBe(403);
    const form = await call(base, 'PUT', '/api/me/space', {
      cookie: admin,
      body: 'spaceId=23504',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('when answering the API, then no-store, a strict CSP and no CORS', async () => {
    const reply = await call(base, 'GET', '/api/session', {
      cookie: await signIn(base, 'viewer@demo.local'),
      headers: { origin: 'https://evil.example' },
    });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when sign-in fails again and again, then it is throttled per account', async () => {
    const attempt = () =>
      call(base, 'POST', '/api/session', { body: { email: 'throttled@demo.local', password: 'wrong-password-123' } });
    for (let k = 0; k < 5; k += 1) expect(errorCode(await attempt())).toBe('INVALID_CREDENTIALS');
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe('LOGIN_THROTTLED');
  });

  it('when the body is too large or not JSON, then a clear 4xx', async () => {
    const admin = await signIn(base, 'admin@demo.local');
    const big = await call(base, 'PATCH', '/api/devices/22001/custom-attributes', {
      cookie: admin,
      body: JSON.stringify({ attrs: { a: ['x'.repeat(200_000)] } }),
    });
    expect(big.status).toBe(413);
    const broken = await call(base, 'PATCH', '/api/devices/22001/custom-attributes', {
      cookie: admin,
      body: '{"attrs":',
    });
    expect(errorCode(broken)).toBe('INVALID_JSON');
  });
});

describe('every route declares its permission', () => {
  it('when the app starts, then every mounted /api route has an access rule, one per contract endpoint', () => {
    const api = Router();
    expect(() => {
      api.get('/sneaky', (_req, res) => {
        res.json({});
      });
      assertEveryRouteDeclaresAccess(api);
    }).toThrow(/declares no permission/);
  });

  it('when the OpenAPI document is read, then it lists every endpoint with its access', async () => {
    const operationSchema = z.object({ operationId: z.enum(ENDPOINT_NAMES), 'x-access': z.string() });
    const doc = z
      .object({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), operationSchema)) })
      .parse(await apiAs(base, '').openapi());
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((op) => op.operationId).sort()).toEqual(Object.keys(endpoints).sort());
    for (const op of operations) expect(op['x-access']).toBe(endpoints[op.operationId].access);
  });
});

describe('strict inputs', () => {
  // A session of its own: the session tests above end the shared ones.
  let admin = '';
  beforeAll(async () => {
    admin = await signIn(base, 'admin@demo.local');
  });
  const withUnknownKey = (path: string) => `${path}${path.includes('?') ? '&' : '?'}mystery=1`;
  const carriesBody = (name: EndpointName) => endpoints[name].method !== 'get';
  const jobCount = async () => (await apiAs(base, admin).listJobs({ query: { limit: 200 } })).jobs.length;
  const attributesOf = async (id: number) => apiAs(base, admin).getCustomAttributes({ params: { id } });

  it('when any endpoint gets an unknown key in its query or body, then 400 UNKNOWN_FIELD names it and nothing happens', async () => {
    const jobsBefore = await jobCount();
    const attributesBefore = await attributesOf(22002);
    for (const name of ENDPOINT_NAMES) {
      const endpoint = endpoints[name];
      const sample = SAMPLES[name]();
      const method = endpoint.method.toUpperCase();
      const inQuery = await call(base, method, withUnknownKey(sample.path), {
        cookie: admin,
        ...(sample.body === undefined ? {} : { body: sample.body }),
      });
      expect(inQuery.status, `${name} query: ${inQuery.text}`).toBe(400);
      expect(inQuery.json).toMatchObject({ error: { code: 'UNKNOWN_FIELD', details: { fields: ['query.mystery'] } } });
      expect(inQuery.headers.get('set-cookie'), name).toBeNull();
      if (!carriesBody(name)) continue;
      const body = { ...(typeof sample.body === 'object' ? sample.body : {}), mystery: 1 };
      const inBody = await call(base, method, sample.path, { cookie: admin, body });
      expect(inBody.status, `${name} body: ${inBody.text}`).toBe(400);
      expect(inBody.json).toMatchObject({ error: { code: 'UNKNOWN_FIELD', details: { fields: ['body.mystery'] } } });
      expect(inBody.headers.get('set-cookie'), name).toBeNull();
    }
    expect(await jobCount()).toBe(jobsBefore);
    expect(await attributesOf(22002)).toEqual(attributesBefore);
    // Neither sign-out with an unknown key ended the session.
    expect(await isAlive(admin)).toBe(true);
  });

  it('when a job filter carries a misspelt key, then 400 names it, and no job freezes the whole space', async () => {
    const jobsBefore = await jobCount();
    const misspelt = await call(base, 'POST', '/api/jobs', {
      cookie: admin,
      body: { action: 'lock', params: {}, target: { filter: { platfrom: 'IOS' } } },
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json).toMatchObject({
      error: { code: 'UNKNOWN_FIELD', details: { fields: ['body.target.filter.platfrom'] } },
    });
    const empty = await call(base, 'POST', '/api/jobs', {
      cookie: admin,
      body: { action: 'lock', params: {}, target: { filter: {} } },
    });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: /all: true/ } });
    const contradictory = await call(base, 'POST', '/api/jobs', {
      cookie: admin,
      body: { action: 'lock', params: {}, target: { filter: { q: 'ipad', all: true } } },
    });
    expect(errorCode(contradictory)).toBe('VALIDATION_FAILED');
    expect(await jobCount()).toBe(jobsBefore);
  });
});
