import { SORTABLE_FIELDS, type ApiClient, type DeviceSearchResult } from '@mdm-console/contract';
import { basicAuth, TENANT_ADMIN } from '@mdm-console/devkit/dev-tenant';
import { VendorApiError } from '@mdm-console/mdm-api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, DEMO_PASSWORD, refusal, signIn, simControl, startHarness, type Harness, type Wire } from './harness.ts';
import { mapVendorError } from '../src/upstream/vendor.ts';

let h: Harness;
let admin: ApiClient;
let adminCookie: string;
const wire: Wire[] = [];

async function setFaults(faults: Record<string, number>): Promise<void> {
  await simControl(h.sim.url, 'PUT', '/__sim/faults', faults);
}

beforeAll(async () => {
  h = await startHarness({ MDM_TIMEOUT_MS: '700' });
  adminCookie = await signIn(h.bff.url, 'admin@demo.local');
  admin = apiAs(h.bff.url, adminCookie, wire);
});
afterAll(async () => {
  await h.close();
});

describe('upstream faults', () => {
  it.each([
    ['latency past the timeout', { latencyMs: 1500 }, 504, 'UPSTREAM_TIMEOUT'],
    ['throttling', { throttleRate: 1 }, 503, 'UPSTREAM_BUSY'],
    ['server errors', { errorRate: 1 }, 502, 'UPSTREAM_ERROR'],
    ['malformed JSON', { malformedRate: 1 }, 502, 'UPSTREAM_MALFORMED'],
    ['dropped connections', { dropRate: 1 }, 502, 'UPSTREAM_UNREACHABLE'],
  ])(
    'when the tenant suffers %s, then a clean mapped error, and the BFF keeps serving',
    async (_name, faults, status, code) => {
      await setFaults(faults);
      // A query of its own: the BFF's short read cache would otherwise answer from the previous case.
      const error = await refusal(admin.searchDevices({ query: { size: 5, q: code.toLowerCase() } }));
      expect({ status: error.status, code: error.code }).toEqual({ status, code });
      const reply = wire.at(-1);
      expect(reply?.text).not.toMatch(/RateLimited|InternalError|globalErrors|fieldErrors/);
      if (code === 'UPSTREAM_BUSY') expect(Number(reply?.headers.get('retry-after'))).toBeGreaterThan(0);
      await setFaults({});
      await expect(admin.searchDevices({ query: { size: 6, q: code.toLowerCase() } })).resolves.toHaveProperty('total');
      expect((await fetch(`${h.bff.url}/healthz`)).status).toBe(200);
    },
    30_000,
  );

  it('when the tenant refuses a value, then 400 names the field in our words, never the vendor text', () => {
    const refused = mapVendorError(
      new VendorApiError({
        kind: 'bad-request',
        status: 400,
        message: 'POST api/v1/device/action answered 400',
        fieldErrors: [{ field: 'accountId', code: 'InvalidAccount', message: 'No user has the id 1 (vendor words)' }],
        ambiguous: false,
      }),
    );
    expect(refused).toMatchObject({ status: 400, code: 'UPSTREAM_REJECTED', details: { fields: ['accountId'] } });
    expect(refused.message).toBe('The MDM service refused the value of: accountId.');
  });

  it('when a device does not exist, then 404', async () => {
    expect((await refusal(admin.getDevice({ params: { id: 99999999 } }))).code).toBe('NOT_FOUND');
    expect((await refusal(admin.getDevice({ params: { id: 'not-a-device' } }))).code).toBe('INVALID_DEVICE_ID');
  });
});

describe('fq injection', () => {
  it.each(["x' OR 'a'='a", ') OR (1=1', '*', '\\', '\'"()[]', "ACCOUNTGROUP EQ 'Sales'"])(
    'when a filter value is %j, then it matches literally (nothing)',
    async (value) => {
      for (const facet of ['model', 'carrier', 'accountGroup', 'platform']) {
        expect((await admin.searchDevices({ query: { f: [`${facet}:${value}`] } })).total).toBe(0);
      }
      expect((await admin.searchDevices({ query: { q: value } })).total).toBe(0);
    },
  );

  it('when a filter value is real, then it does match', async () => {
    expect((await admin.searchDevices({ query: { f: ['accountGroup:Sales'] } })).total).toBeGreaterThan(0);
  });
});

describe('search and edits through the BFF', () => {
  it.each(SORTABLE_FIELDS.flatMap((sort) => (['asc', 'desc'] as const).map((order) => [sort, order] as const)))(
    'when every page sorted by %s %s is followed by its cursor, then each device of the space comes once',
    async (sort, order) => {
      const seen = new Set<number>();
      let cursor: string | null = null;
      let total: number | undefined;
      let pages = 0;
      do {
        const page: DeviceSearchResult = await admin.searchDevices({
          query: { size: 500, sort, order, ...(cursor ? { cursor } : {}) },
        });
        total = page.total;
        for (const row of page.rows) seen.add(row.id);
        // Facets come with the first page only; deeper pages add rows.
        expect(Object.keys(page.facets).length > 0).toBe(cursor === null);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      expect(seen.size).toBe(total);
    },
  );

  it('when a cursor is not one of ours, then 400', async () => {
    expect((await refusal(admin.searchDevices({ query: { cursor: 'garbage' } }))).code).toBe('INVALID_CURSOR');
  });

  it('when an fq is checked, then a bad one is placed and the field names for completion come with it', async () => {
    const good = await admin.checkFq({ query: { fq: 'platformType = "IOS"' } });
    expect(good).toMatchObject({ valid: true, message: null, position: null });
    expect(good.fields).toContain('registrationState');
    const bad = await admin.checkFq({ query: { fq: 'a = "b" AND (' } });
    expect(bad.valid).toBe(false);
    expect(bad.position).toBeGreaterThan(0);
    expect(bad.message).toMatch(/position/);
  });

  it('when a facet is selected, then its other values keep their counts (multi-select)', async () => {
    const all = await admin.searchDevices({ query: { size: 1 } });
    const ios = await admin.searchDevices({ query: { size: 1, f: ['platform:IOS'] } });
    expect(ios.facets.platform).toEqual(all.facets.platform);
    expect(ios.total).toBe(all.facets.platform?.find((v) => v.value === 'IOS')?.count);
  });

  it('when an attribute is merged, then it reads back, is found by search, and the edit is audited', async () => {
    const device = { id: 22005 };
    const merged = await admin.mergeCustomAttributes({
      params: device,
      body: { attrs: { 'floor_#': ['7'], team: ['blue'] } },
    });
    expect(merged).toMatchObject({ attrs: { 'floor_#': ['7'], team: ['blue'] } });
    expect(await admin.getCustomAttributes({ params: device })).toMatchObject(merged);
    const bad = admin.mergeCustomAttributes({ params: device, body: { attrs: { 'floor_#': ['seven'] } } });
    expect((await refusal(bad)).code).toBe('VALIDATION_FAILED');
    const audit = await admin.listAudit({ query: { action: 'device.attributes.merge', device: device.id } });
    expect(audit.events.map((e) => e.outcome)).toEqual(['failed:VALIDATION_FAILED', 'succeeded']);
    expect(audit.events[1]).toMatchObject({ actorEmail: 'admin@demo.local', targets: [22005] });
  });

  it('when the database is asked to change or delete an audit event, then it refuses', async () => {
    await expect(sql`update audit_events set outcome = 'forged'`.execute(h.bff.store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(h.bff.store.db)).rejects.toThrow(/append-only/);
  });

  it('when a helpdesk user looks someone up by e-mail, then the person and all their devices come back', async () => {
    const row = (await admin.searchDevices({ query: { size: 1 } })).rows[0];
    const email = row?.emailAddress ?? '';
    const helpdesk = apiAs(h.bff.url, await signIn(h.bff.url, 'helpdesk@demo.local'), wire);
    const body = await helpdesk.lookup({ query: { q: email.toUpperCase() } });
    expect(body.people.map((p) => p.person.email)).toEqual([email]);
    expect(body.people[0]?.devices.map((d) => d.id)).toContain(row?.id);
    expect(body.people[0]?.devices.every((d) => d.emailAddress === email)).toBe(true);
  });
});

describe('spaces', () => {
  it('when a user chooses a space, then it is remembered and scopes their searches', async () => {
    const viewer = apiAs(h.bff.url, await signIn(h.bff.url, 'viewer@demo.local'), wire);
    const { spaces } = await viewer.listSpaces();
    const other = spaces.find((space) => !space.isDefault);
    if (!other) throw new Error('the demo tenant has one space only');
    await viewer.chooseSpace({ body: { spaceId: other.id } });
    expect(await viewer.getSession()).toMatchObject({ spaceId: other.id });
    const page = await viewer.searchDevices({ query: { size: 50 } });
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((row) => row.dmPartitionId === other.id)).toBe(true);
    expect((await refusal(viewer.chooseSpace({ body: { spaceId: 1 } }))).code).toBe('UNKNOWN_SPACE');
  });
});

describe('secrets', () => {
  it('when everything above has run, then the tenant password, its Basic form and session ids appear in no response, header or log line', async () => {
    const anonymous = apiAs(h.bff.url, '', wire);
    await refusal(anonymous.login({ body: { email: 'admin@demo.local', password: 'not-the-password' } }));
    const basic = basicAuth(TENANT_ADMIN).slice('Basic '.length);
    const sessionId = adminCookie.split('=')[1] ?? 'missing';
    expect(wire.length).toBeGreaterThan(50);
    const haystacks = [...wire.map((r) => `${r.text}\n${JSON.stringify([...r.headers])}`), ...h.logs];
    expect(h.logs.length).toBeGreaterThan(20);
    for (const text of haystacks) {
      expect(text).not.toContain(TENANT_ADMIN.password);
      expect(text).not.toContain(basic);
      expect(text).not.toContain(DEMO_PASSWORD);
      expect(text).not.toContain('not-the-password');
    }
    for (const line of h.logs) expect(line).not.toContain(sessionId);
  });
});
