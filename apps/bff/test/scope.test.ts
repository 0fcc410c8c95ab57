import { DEMO_EMEA_SPACE, errorBodySchema, type ApiClient, type EndpointName } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  call,
  DEMO_PASSWORD,
  errorCode,
  refusal,
  signIn,
  startHarness,
  type Harness,
  type Reply,
} from './harness.ts';

/**
 * Roles limited to device spaces: a helpdesk and an admin of the EMEA space only, against a device inside it and one
 * in the default space. Every endpoint that touches a device, a space or a job is listed below with what each of them
 * gets; the expectations are written out here, not taken from the code under test.
 */
const DEFAULT_SPACE = 23504;
const NO_SUCH_DEVICE = 999_999_999;

let h: Harness;
let base: string;
let admin: ApiClient;
let adminCookie: string;
const cookies = { helpdesk: '', admin: '' };
let inside: number;
let outside: number;
let outsideJob: string;
let insideJob: string;

const rowsOf = async (api: ApiClient, space: number) =>
  (await api.searchDevices({ query: { space, size: 5, f: ['registrationState:ACTIVE', 'platform:IOS'] } })).rows;

beforeAll(async () => {
  h = await startHarness({ JOB_APPROVAL_THRESHOLD: '0' });
  base = h.bff.url;
  await h.bff.services.accounts.ensure('emea-admin@demo.local', DEMO_PASSWORD, [
    { role: 'admin', spaces: [DEMO_EMEA_SPACE] },
  ]);
  adminCookie = await signIn(base, 'admin@demo.local');
  admin = apiAs(base, adminCookie);
  cookies.helpdesk = await signIn(base, 'emea-helpdesk@demo.local');
  cookies.admin = await signIn(base, 'emea-admin@demo.local');
  inside = (await rowsOf(admin, DEMO_EMEA_SPACE))[0]?.id ?? 0;
  outside = (await rowsOf(admin, DEFAULT_SPACE))[0]?.id ?? 0;
  expect(inside).toBeGreaterThan(0);
  expect(outside).toBeGreaterThan(0);
  const job = async (space: number, id: number) => {
    await admin.chooseSpace({ body: { spaceId: space } });
    const draft = await admin.createJob({ body: { action: 'forceCheckin', params: {}, target: { ids: [id] } } });
    expect(draft.frozenCount).toBe(1);
    return draft.id;
  };
  outsideJob = await job(DEFAULT_SPACE, outside);
  insideJob = await job(DEMO_EMEA_SPACE, inside);
  await admin.chooseSpace({ body: { spaceId: DEFAULT_SPACE } });
});
afterAll(async () => {
  await h.close();
});

type Who = keyof typeof cookies;
interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: () => string;
  body?: () => unknown;
  /** status, and the error code when refused, for the EMEA helpdesk and the EMEA admin */
  expect: Record<Who, [number, string?]>;
}

const attrs = { attrs: { scope_probe: ['1'] } };
const NOT_FOUND: [number, string] = [404, 'NOT_FOUND'];
const JOB_NOT_FOUND: [number, string] = [404, 'JOB_NOT_FOUND'];
const OUTSIDE: [number, string] = [403, 'OUTSIDE_YOUR_SPACES'];
const FORBIDDEN: [number, string] = [403, 'FORBIDDEN'];
const EVERY_SPACE: [number, string] = [403, 'NEEDS_EVERY_SPACE'];
const OK: [number] = [200];

/** What touches a device, a space or a job, aimed outside the EMEA space (or at the tenant as a whole). */
const OUTSIDE_CASES: Partial<Record<EndpointName, Case>> = {
  searchDevices: {
    method: 'GET',
    path: () => `/api/devices?space=${String(DEFAULT_SPACE)}`,
    expect: { helpdesk: OUTSIDE, admin: OUTSIDE },
  },
  exportDevices: {
    method: 'GET',
    path: () => `/api/devices/export.csv?space=${String(DEFAULT_SPACE)}&columns=id`,
    expect: { helpdesk: OUTSIDE, admin: OUTSIDE },
  },
  getDevice: {
    method: 'GET',
    path: () => `/api/devices/${String(outside)}`,
    expect: { helpdesk: NOT_FOUND, admin: NOT_FOUND },
  },
  getDeviceConfigs: {
    method: 'GET',
    path: () => `/api/devices/${String(outside)}/configs`,
    expect: { helpdesk: NOT_FOUND, admin: NOT_FOUND },
  },
  getDevicePolicies: {
    method: 'GET',
    path: () => `/api/devices/${String(outside)}/policies`,
    expect: { helpdesk: NOT_FOUND, admin: NOT_FOUND },
  },
  getDeviceCertificates: {
    method: 'GET',
    path: () => `/api/devices/${String(outside)}/certificates`,
    expect: { helpdesk: NOT_FOUND, admin: NOT_FOUND },
  },
  getCustomAttributes: {
    method: 'GET',
    path: () => `/api/devices/${String(outside)}/custom-attributes`,
    expect: { helpdesk: NOT_FOUND, admin: NOT_FOUND },
  },
  replaceCustomAttributes: {
    method: 'PUT',
    path: () => `/api/devices/${String(outside)}/custom-attributes`,
    body: () => attrs,
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  mergeCustomAttributes: {
    method: 'PATCH',
    path: () => `/api/devices/${String(outside)}/custom-attributes`,
    body: () => attrs,
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  removeCustomAttributes: {
    method: 'POST',
    path: () => `/api/devices/${String(outside)}/custom-attributes/remove`,
    body: () => ({ names: ['scope_probe'] }),
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  excludeConfigs: {
    method: 'POST',
    path: () => `/api/devices/${String(outside)}/configs/exclude`,
    body: () => ({ configIds: [35046] }),
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  pushBackConfigs: {
    method: 'POST',
    path: () => `/api/devices/${String(outside)}/configs/push-back`,
    body: () => ({ configIds: [35046] }),
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  reinstallConfigs: {
    method: 'POST',
    path: () => `/api/devices/${String(outside)}/configs/reinstall`,
    body: () => ({ configIds: [35046] }),
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  syncCompliance: {
    method: 'POST',
    path: () => `/api/devices/${String(outside)}/compliance-sync`,
    body: () => ({ vendor: 'Intune' }),
    expect: { helpdesk: FORBIDDEN, admin: NOT_FOUND },
  },
  chooseSpace: {
    method: 'PUT',
    path: () => '/api/me/space',
    body: () => ({ spaceId: DEFAULT_SPACE }),
    expect: { helpdesk: OUTSIDE, admin: OUTSIDE },
  },
  listDepServers: {
    method: 'GET',
    path: () => '/api/dep/servers',
    expect: { helpdesk: EVERY_SPACE, admin: EVERY_SPACE },
  },
  listDepProfiles: {
    method: 'GET',
    path: () => '/api/dep/servers/198/profiles',
    expect: { helpdesk: EVERY_SPACE, admin: EVERY_SPACE },
  },
  createJob: {
    method: 'POST',
    path: () => '/api/jobs',
    body: () => ({ action: 'forceCheckin', params: {}, target: { ids: [inside, outside] } }),
    expect: { helpdesk: OUTSIDE, admin: OUTSIDE },
  },
  getJob: {
    method: 'GET',
    path: () => `/api/jobs/${outsideJob}`,
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
  confirmJob: {
    method: 'POST',
    path: () => `/api/jobs/${outsideJob}/confirm`,
    body: () => ({}),
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
  approveJob: {
    method: 'POST',
    path: () => `/api/jobs/${outsideJob}/approve`,
    expect: { helpdesk: FORBIDDEN, admin: JOB_NOT_FOUND },
  },
  cancelJob: {
    method: 'POST',
    path: () => `/api/jobs/${outsideJob}/cancel`,
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
  listJobItems: {
    method: 'GET',
    path: () => `/api/jobs/${outsideJob}/items`,
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
  jobItemsCsv: {
    method: 'GET',
    path: () => `/api/jobs/${outsideJob}/items.csv`,
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
  jobEvents: {
    method: 'GET',
    path: () => `/api/jobs/${outsideJob}/events`,
    expect: { helpdesk: JOB_NOT_FOUND, admin: JOB_NOT_FOUND },
  },
};

/** The same calls aimed inside the EMEA space: what the role allows there goes through. */
const INSIDE_CASES: Partial<Record<EndpointName, Case>> = {
  searchDevices: {
    method: 'GET',
    path: () => `/api/devices?space=${String(DEMO_EMEA_SPACE)}`,
    expect: { helpdesk: OK, admin: OK },
  },
  getDevice: { method: 'GET', path: () => `/api/devices/${String(inside)}`, expect: { helpdesk: OK, admin: OK } },
  getDeviceConfigs: {
    method: 'GET',
    path: () => `/api/devices/${String(inside)}/configs`,
    expect: { helpdesk: OK, admin: OK },
  },
  getDevicePolicies: {
    method: 'GET',
    path: () => `/api/devices/${String(inside)}/policies`,
    expect: { helpdesk: OK, admin: OK },
  },
  getDeviceCertificates: {
    method: 'GET',
    path: () => `/api/devices/${String(inside)}/certificates`,
    expect: { helpdesk: OK, admin: OK },
  },
  getCustomAttributes: {
    method: 'GET',
    path: () => `/api/devices/${String(inside)}/custom-attributes`,
    expect: { helpdesk: OK, admin: OK },
  },
  mergeCustomAttributes: {
    method: 'PATCH',
    path: () => `/api/devices/${String(inside)}/custom-attributes`,
    body: () => attrs,
    expect: { helpdesk: FORBIDDEN, admin: OK },
  },
  syncCompliance: {
    method: 'POST',
    path: () => `/api/devices/${String(inside)}/compliance-sync`,
    body: () => ({ vendor: 'Intune' }),
    expect: { helpdesk: FORBIDDEN, admin: OK },
  },
  chooseSpace: {
    method: 'PUT',
    path: () => '/api/me/space',
    body: () => ({ spaceId: DEMO_EMEA_SPACE }),
    expect: { helpdesk: OK, admin: OK },
  },
  getJob: { method: 'GET', path: () => `/api/jobs/${insideJob}`, expect: { helpdesk: OK, admin: OK } },
  listJobItems: { method: 'GET', path: () => `/api/jobs/${insideJob}/items`, expect: { helpdesk: OK, admin: OK } },
  jobItemsCsv: { method: 'GET', path: () => `/api/jobs/${insideJob}/items.csv`, expect: { helpdesk: OK, admin: OK } },
};

async function send(who: Who, test: Case): Promise<Reply> {
  return call(base, test.method, test.path(), {
    cookie: cookies[who],
    ...(test.body ? { body: test.body() } : {}),
  });
}

describe('roles limited to device spaces', () => {
  for (const [name, test] of Object.entries(OUTSIDE_CASES))
    for (const who of ['helpdesk', 'admin'] as const)
      it(`when the EMEA ${who} calls ${name} outside EMEA, then ${test.expect[who].join(' ')}`, async () => {
        const reply = await send(who, test);
        expect([reply.status, errorCode(reply)]).toEqual([test.expect[who][0], test.expect[who][1]]);
      });

  for (const [name, test] of Object.entries(INSIDE_CASES))
    for (const who of ['helpdesk', 'admin'] as const)
      it(`when the EMEA ${who} calls ${name} inside EMEA, then ${test.expect[who].join(' ')}`, async () => {
        const reply = await send(who, test);
        expect([reply.status, errorCode(reply)]).toEqual([test.expect[who][0], test.expect[who][1]]);
      });

  it('when a device is outside the user’s spaces, then the answer is exactly that of a device that does not exist', async () => {
    const outsideReply = await call(base, 'GET', `/api/devices/${String(outside)}`, { cookie: cookies.helpdesk });
    const missingReply = await call(base, 'GET', `/api/devices/${String(NO_SUCH_DEVICE)}`, {
      cookie: cookies.helpdesk,
    });
    const withoutRequestId = (reply: Reply) => ({ ...errorBodySchema.parse(reply.json).error, requestId: null });
    expect(outsideReply.status).toBe(missingReply.status);
    expect(withoutRequestId(outsideReply)).toEqual(withoutRequestId(missingReply));
  });

  it('when a scoped user asks for the session, spaces and devices, then they see their spaces only', async () => {
    const helpdesk = apiAs(base, cookies.helpdesk);
    const session = await helpdesk.getSession();
    expect(session).toMatchObject({
      role: 'helpdesk',
      spaces: [DEMO_EMEA_SPACE],
      assignments: [{ role: 'helpdesk', spaces: [DEMO_EMEA_SPACE] }],
    });
    expect(await admin.getSession()).toMatchObject({ spaces: 'all' });
    const spaces = await helpdesk.listSpaces();
    expect(spaces.spaces.map((space) => space.id)).toEqual([DEMO_EMEA_SPACE]);
    expect(spaces.defaultSpaceId).toBe(DEMO_EMEA_SPACE);
    // With no space asked for, the search, its facets and the overview's counts cover the user's space.
    const own = await helpdesk.searchDevices({ query: { size: 50 } });
    const emea = await admin.searchDevices({ query: { space: DEMO_EMEA_SPACE, size: 50 } });
    expect(own.total).toBe(emea.total);
    expect(own.facets).toEqual(emea.facets);
    expect(new Set(own.rows.map((row) => row.dmPartitionId))).toEqual(new Set([DEMO_EMEA_SPACE]));
  });

  it('when a scoped helpdesk looks a person up, then only devices in their spaces are listed', async () => {
    const owner = (await admin.getDevice({ params: { id: String(inside) } })).device.emailAddress;
    const emeaOwner = typeof owner === 'string' ? owner : '';
    expect(emeaOwner).not.toBe('');
    const found = await apiAs(base, cookies.helpdesk).lookup({ query: { q: emeaOwner } });
    const devices = found.people.flatMap((person) => person.devices);
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((device) => device.dmPartitionId === DEMO_EMEA_SPACE)).toBe(true);
  });

  it('when a scoped user requests a job, then its target is resolved in their space, and ids outside refuse the whole request before anything is frozen', async () => {
    const helpdesk = apiAs(base, cookies.helpdesk);
    const before = (await admin.listJobs({ query: { limit: 100 } })).jobs.length;
    const refused = await refusal(
      helpdesk.createJob({ body: { action: 'lock', params: {}, target: { ids: [inside, outside] } } }),
    );
    expect([refused.status, refused.code]).toEqual([403, 'OUTSIDE_YOUR_SPACES']);
    expect(refused.message).toMatch(/outside your device spaces/);
    expect((await admin.listJobs({ query: { limit: 100 } })).jobs.length).toBe(before);
    const byFilter = await refusal(
      helpdesk.createJob({
        body: { action: 'lock', params: {}, target: { filter: { space: DEFAULT_SPACE, f: ['platform:IOS'] } } },
      }),
    );
    expect(byFilter.code).toBe('OUTSIDE_YOUR_SPACES');
    const retry = await refusal(
      helpdesk.createJob({
        body: { action: 'forceCheckin', params: {}, target: { job: outsideJob, outcomes: ['cancelled'] } },
      }),
    );
    expect(retry.code).toBe('JOB_NOT_FOUND');
    const draft = await helpdesk.createJob({
      body: { action: 'forceCheckin', params: {}, target: { filter: { f: ['platform:IOS'] } } },
    });
    const frozen = await helpdesk.listJobItems({ params: { id: draft.id }, query: { limit: 500 } });
    const emeaIos = await admin.searchDevices({ query: { space: DEMO_EMEA_SPACE, f: ['platform:IOS'], size: 1 } });
    expect(draft.frozenCount).toBe(emeaIos.total);
    for (const item of frozen.items.slice(0, 20)) {
      const { device } = await admin.getDevice({ params: { id: String(item.deviceId) } });
      expect(device.dmPartitionId).toBe(DEMO_EMEA_SPACE);
    }
    await helpdesk.cancelJob({ params: { id: draft.id } });
  });

  it('when jobs and the activity are listed, then a scoped user sees those of their spaces only', async () => {
    const helpdesk = apiAs(base, cookies.helpdesk);
    const jobs = (await helpdesk.listJobs({ query: { limit: 100 } })).jobs.map((job) => job.id);
    expect(jobs).toContain(insideJob);
    expect(jobs).not.toContain(outsideJob);
    await admin.mergeCustomAttributes({ params: { id: String(outside) }, body: { attrs: { audit_probe: ['x'] } } });
    await admin.mergeCustomAttributes({ params: { id: String(inside) }, body: { attrs: { audit_probe: ['y'] } } });
    const everything = await admin.listAudit({ query: { limit: 500 } });
    const own = await helpdesk.listAudit({ query: { limit: 500 } });
    const mentions = (events: typeof own.events, id: number) =>
      events.some((event) => JSON.stringify(event.targets).includes(String(id)));
    expect(mentions(everything.events, outside)).toBe(true);
    expect(mentions(own.events, inside)).toBe(true);
    expect(mentions(own.events, outside)).toBe(false);
    expect(own.events.length).toBeLessThan(everything.events.length);
  });

  it('when a job needs approval, then only an administrator whose spaces cover its devices may approve it', async () => {
    const approver = await signIn(base, 'approver@demo.local');
    const emeaAdmin = apiAs(base, cookies.admin);
    const globalApprover = apiAs(base, approver);
    await globalApprover.chooseSpace({ body: { spaceId: DEFAULT_SPACE } });
    const draft = await globalApprover.createJob({
      body: { action: 'retire', params: {}, target: { ids: [outside] } },
    });
    const confirmed = await globalApprover.confirmJob({
      params: { id: draft.id },
      body: { typed: draft.typedConfirmation ?? '' },
    });
    expect(confirmed.state).toBe('awaiting_approval');
    expect((await refusal(emeaAdmin.approveJob({ params: { id: draft.id } }))).code).toBe('JOB_NOT_FOUND');
    expect((await admin.approveJob({ params: { id: draft.id } })).state).toBe('scheduled');
    await admin.cancelJob({ params: { id: draft.id } });
  });
});
