import {
  certificatesResponseSchema,
  coreUsersResponseSchema,
  depProfilesResponseSchema,
  depServersResponseSchema,
  deviceConfigsResponseSchema,
  deviceDetailsResponseSchema,
  devicePoliciesResponseSchema,
  deviceSearchResponseSchema,
  errorEnvelopeSchema,
  partitionsResponseSchema,
  tenantMetadataResponseSchema,
  type Device,
} from '@mdm-console/mdm-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/server.ts';
import { defaultSettings } from '../src/settings.ts';
import { READER, send, type Reply } from './http-client.ts';

let sim: RunningSimulator;
const get = (path: string, credential?: typeof READER | null): Promise<Reply> =>
  send(sim.url, 'GET', path, { credential });

function fieldErrorOf(reply: Reply): string | null | undefined {
  return errorEnvelopeSchema.parse(reply.json).errors.fieldErrors?.[0]?.field;
}

async function search(query: string) {
  const reply = await get(`/api/v1/device?${query}`);
  expect(reply.status, reply.text).toBe(200);
  return deviceSearchResponseSchema.parse(reply.json).result;
}

beforeAll(async () => {
  sim = await startSimulator(defaultSettings({ port: 0, devices: 2500, seed: 42, actionDelayMs: 20 }));
});
afterAll(async () => {
  await sim.close();
});

describe('authentication', () => {
  it('when no credential is sent, then 401 with a Basic challenge in the vendor envelope', async () => {
    const reply = await get('/api/v1/device', null);
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(errorEnvelopeSchema.parse(reply.json).errors.globalErrors?.[0]?.code).toBe('Unauthorized');
  });

  it('when the password is wrong, then 401', async () => {
    expect((await get('/api/v1/device', { user: 'tenant-admin', password: 'nope' })).status).toBe(401);
  });

  it('when the read-only user reads, then 200; when it acts or calls the control API, then 403', async () => {
    expect((await get('/api/v1/device?rows=1', READER)).status).toBe(200);
    expect((await send(sim.url, 'PUT', '/api/v1/device/lock?ids=22001', { credential: READER })).status).toBe(403);
    expect((await get('/__sim/health', READER)).status).toBe(403);
    expect((await get('/__sim/health', null)).status).toBe(401);
  });
});

describe('tenant, spaces and DEP', () => {
  it('when the tenant metadata and spaces are read, then the default space is the one marked default, and counts add up', async () => {
    const metadata = tenantMetadataResponseSchema.parse((await get('/api/v1/metadata/tenant')).json).result;
    const spaces = partitionsResponseSchema.parse((await get('/api/v1/tenant/partition/device')).json).result;
    expect(spaces.searchResults.length).toBeGreaterThanOrEqual(3);
    expect(spaces.searchResults.find((s) => s.defaultPartition)?.id).toBe(metadata.defaultDmPartitionId);
    expect(spaces.searchResults.filter((s) => s.domainRule).length).toBeGreaterThanOrEqual(3);
    expect(spaces.searchResults.reduce((sum, s) => sum + (s.deviceCount ?? 0), 0)).toBe(2500);
    for (const space of spaces.searchResults) {
      const scoped = await search(`dmPartitionId=${space.id}&rows=1`);
      expect(scoped.totalCount).toBe(space.deviceCount);
    }
  });

  it('when DEP servers and their profiles are read, then both path forms answer', async () => {
    const servers = depServersResponseSchema.parse((await get('/api/v1/depServer')).json).result.searchResults;
    expect(servers.length).toBeGreaterThan(0);
    const id = servers[0]?.id ?? 0;
    const profiles = depProfilesResponseSchema.parse((await get(`/api/v1/depServer/${id}/profiles`)).json).result;
    expect(profiles.length).toBeGreaterThan(0);
    expect((await get(`/api/v1/depServer${id}/profiles`)).json).toEqual(
      (await get(`/api/v1/depServer/${id}/profiles`)).json,
    );
    expect((await get('/api/v1/depServer/1/profiles')).status).toBe(404);
  });
});

describe('device search', () => {
  it('when searching with defaults, then 50 rows, totals, facets and a cursor come back', async () => {
    const result = await search('');
    expect(result.searchResults).toHaveLength(50);
    expect(result.totalCount).toBe(2500);
    expect(result.totalUnfilteredResultCount).toBe(2500);
    expect(result.offset).toBe(0);
    expect(result.limit).toBe(50);
    expect(Object.keys(result.facetedResults ?? {})).toEqual(
      expect.arrayContaining(['PLATFORMTYPE', 'REGISTRATIONSTATE', 'ACCOUNTGROUP', 'KIOSKSTATE', 'LOSTMODEENABLED']),
    );
    // A real tenant's answer ends at totalUnfilteredResultCount: no cursor of its own.
    expect(result).not.toHaveProperty('searchAfterValues');
  });

  it.each([
    ['rows=501', 'rows'],
    ['rows=0', 'rows'],
    ['rows=ten', 'rows'],
    ['start=9990&rows=20', 'start'],
    ['fq=platformType%20EQ', 'fq'],
    ['fq=nosuch%3D1', 'fq'],
    ['dmPartitionId=1', 'dmPartitionId'],
    ['sortFields[0].name=nosuch', 'sortFields[0].name'],
    ['sortFields[0].name=id&sortFields[0].order=UP', 'sortFields[0].order'],
    ['searchAfterValues=abc', 'searchAfterValues'],
  ])('when the search has %s, then 400 names the field %s', async (query, field) => {
    const reply = await get(`/api/v1/device?${query}`);
    expect(reply.status).toBe(400);
    expect(fieldErrorOf(reply)).toBe(field);
  });

  it('when rows is 501, then the body is exactly the documented envelope', async () => {
    expect((await get('/api/v1/device?rows=501')).json).toEqual({
      errors: {
        globalErrors: null,
        fieldErrors: [{ code: 'Range', message: 'must be between 1 and 500', field: 'rows' }],
      },
      result: null,
    });
  });

  it('when brackets, quotes and + are sent unencoded, as real clients do, then the search understands them', async () => {
    const sf = await search("fq=CFDEVICE[cityId]='SF'&rows=5");
    expect(sf.totalCount).toBeGreaterThan(0);
    expect(sf.searchResults.every((d) => d.customAttributes?.attrs?.cityId?.includes('SF'))).toBe(true);
    const encoded = await search('fq=CFDEVICE%5BcityId%5D%3DSF&rows=5');
    expect(encoded.totalCount).toBe(sf.totalCount);
    const first = (await search('rows=1')).searchResults[0];
    const byEmail = await search(
      `q=&dmPartitionId=${String(first?.dmPartitionId)}&fq=EMAILADDRESS+EQ+${first?.emailAddress ?? ''}`,
    );
    expect(byEmail.searchResults.map((d) => d.id)).toContain(first?.id);
    const byUid = await search(`fq=UID+EQ+${first?.uid ?? ''}`);
    expect(byUid.totalCount).toBe(byEmail.totalCount);
  });

  it('when the time-window forms are used, then they answer', async () => {
    const day = await search("fq=lastCheckin<'1:00:00:00'&rows=1");
    const week = await search("fq=lastRegistrationTime<'0:0:03:06'&rows=1");
    expect(day.totalCount).toBeGreaterThan(0);
    expect(week.totalCount).toBeLessThan(2500);
  });

  it('when sorting by lastCheckin DESC, then rows come newest first', async () => {
    const result = await search('sortFields[0].name=lastCheckin&sortFields[0].order=DESC&rows=100');
    const times = result.searchResults.map((d) => d.lastCheckin ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('when every device is walked with searchAfterValues at 500 a page, then each comes once', async () => {
    const seen = new Set<number>();
    let after = '';
    for (let page = 0; page < 10; page += 1) {
      const result = await search(`rows=500&sortFields[0].name=lastCheckin&sortFields[0].order=DESC${after}`);
      for (const device of result.searchResults) seen.add(device.id);
      if (result.searchResults.length < 500) break;
      const last = result.searchResults[result.searchResults.length - 1];
      after = `&searchAfterValues=${encodeURIComponent(`${String(last?.lastCheckin ?? 'null')},${String(last?.id)}`)}`;
    }
    expect(seen.size).toBe(2500);
  });

  it('when q is free text, then matching is case-insensitive on word prefixes', async () => {
    const first = (await search('rows=1')).searchResults[0];
    const result = await search(
      `q=${encodeURIComponent((first?.displayName?.split(' ')[1] ?? '').toUpperCase().slice(0, 4))}&rows=500`,
    );
    expect(result.searchResults.map((d) => d.id)).toContain(first?.id);
  });
});

describe('one device', () => {
  it('when details are read by id and by GUID, then both give the same document with every documented field', async () => {
    const byId = deviceDetailsResponseSchema.parse((await get('/api/v1/device/22010')).json).result;
    const byGuid = deviceDetailsResponseSchema.parse((await get(`/api/v1/device/${byId.guid ?? ''}`)).json).result;
    expect(byGuid).toEqual(byId);
    for (const field of [
      'groups',
      'privacyPolicy',
      'tos',
      'serviceSubscriptions',
      'osxFdeEnabled',
      'androidWorkCapable',
      'aadDeviceId',
      'winServiceSubscriptions',
    ]) {
      expect(byId).toHaveProperty(field);
    }
  });

  it('when the device does not exist, then 404 in the envelope', async () => {
    const reply = await get('/api/v1/device/99999999');
    expect(reply.status).toBe(404);
    expect(errorEnvelopeSchema.parse(reply.json).errors.globalErrors?.[0]?.code).toBe('NotFound');
  });

  it('when configurations, policies and certificates are read, then they follow the documented shapes', async () => {
    const device: Device = deviceDetailsResponseSchema.parse((await get('/api/v1/device/22003')).json).result;
    const configs = deviceConfigsResponseSchema.parse((await get('/api/v1/device/22003/configs')).json).result;
    expect(configs.totalCount).toBe(configs.searchResults.length);
    expect(configs.searchResults.every((c) => typeof c.status === 'string')).toBe(true);
    const policies = devicePoliciesResponseSchema.parse((await get('/api/v1/device/22003/policies')).json).result;
    expect(policies.searchResults.every((p) => p.compliant === true)).toBe(device.complianceState === true);
    const certs = certificatesResponseSchema.parse(
      (await get(`/api/v1/device/22003/certs/search?accountId=${String(device.ownerId)}`)).json,
    ).result;
    expect(certs.searchResults.every((c) => c.deviceId === 22003 && c.ownerId === device.ownerId)).toBe(true);
    expect(fieldErrorOf(await get('/api/v1/device/22003/certs/search'))).toBe('accountId');
  });
});

describe('Core V2 users', () => {
  it('when users are searched, then the documented shape comes back, paged, and ids match device owners', async () => {
    const first = (await search('rows=1')).searchResults[0];
    const reply = await get(
      `/api/v2/authorized/users?adminDeviceSpaceId=1&query=${encodeURIComponent((first?.emailAddress ?? '').slice(0, 20))}`,
    );
    const users = coreUsersResponseSchema.parse(reply.json);
    const owner = users.results.find((u) => u.email === first?.emailAddress);
    expect(owner?.id).toBe(first?.ownerId);
    const page1 = coreUsersResponseSchema.parse(
      (await get('/api/v2/authorized/users?adminDeviceSpaceId=1&limit=5')).json,
    );
    const page2 = coreUsersResponseSchema.parse(
      (await get('/api/v2/authorized/users?adminDeviceSpaceId=1&limit=5&offset=5')).json,
    );
    expect(page1.hasMore).toBe(true);
    expect(page1.resultCount).toBe(5);
    expect(page1.results.map((u) => u.id)).not.toEqual(expect.arrayContaining(page2.results.map((u) => u.id)));
    const desc = coreUsersResponseSchema.parse(
      (await get('/api/v2/authorized/users?adminDeviceSpaceId=1&limit=1&sortOrder=DESC')).json,
    );
    expect(desc.results[0]?.principal).not.toBe(page1.results[0]?.principal);
  });

  it.each([
    ['adminDeviceSpaceId=1&query=', 'query'],
    ['adminDeviceSpaceId=1&query=abcdefghijklmnopqrstu', 'query'],
    ['adminDeviceSpaceId=1&limit=201', 'limit'],
    ['adminDeviceSpaceId=1&limit=-1', 'limit'],
    ['adminDeviceSpaceId=1&offset=10000001', 'offset'],
    ['adminDeviceSpaceId=1&sortOrder=UP', 'sortOrder'],
    ['query=anna', 'adminDeviceSpaceId'],
  ])('when the users query has %s, then 400 names %s', async (query, field) => {
    const reply = await get(`/api/v2/authorized/users?${query}`);
    expect(reply.status).toBe(400);
    expect(fieldErrorOf(reply)).toBe(field);
  });
});
