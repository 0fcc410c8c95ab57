import { TENANT_ADMIN } from '@mdm-console/devkit/dev-tenant';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, MdmClient } from '../src/index.ts';

let sim: SimProcess;
let client: MdmClient;

beforeAll(async () => {
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '3000', SIM_ACTION_DELAY_MS: '20' }, { quiet: true });
  client = new MdmClient({ baseUrl: sim.url, username: TENANT_ADMIN.user, password: TENANT_ADMIN.password });
});
afterAll(async () => {
  await sim.stop();
});

describe('the vendor client against the simulator', () => {
  it('when every device is walked with searchAfterValues, then each comes once, in pages of at most 500', async () => {
    const seen = new Set<number>();
    let pages = 0;
    for await (const page of client.walkDevices({ sort: [{ field: 'lastCheckin', order: 'DESC' }] })) {
      pages += 1;
      expect(page.searchResults.length).toBeLessThanOrEqual(500);
      for (const device of page.searchResults) seen.add(device.id);
    }
    expect(seen.size).toBe(3000);
    expect(pages).toBe(7);
  });

  it('when a user value with quotes is searched through the builder, then it matches literally', async () => {
    const result = await client.searchDevices({ fq: [eq('emailAddress', "x' OR 'a'='a")] });
    expect(result.totalCount).toBe(0);
  });

  it('when the documented calls are made, then each parses', async () => {
    const [first] = (
      await client.searchDevices({ rows: 1, fq: [eq('platformType', 'IOS'), eq('registrationState', 'ACTIVE')] })
    ).searchResults;
    const id = first?.id ?? 0;
    const details = await client.getDevice(id);
    expect(details.id).toBe(id);
    expect(await client.getDevice(details.guid ?? '')).toMatchObject({ id });
    await client.patchCustomAttributes(id, { team: ['blue'] }, true);
    expect((await client.getCustomAttributes(id)).team).toEqual(['blue']);
    await client.removeCustomAttributes(id, ['team']);
    expect(await client.getCustomAttributes(id)).not.toHaveProperty('team');
    const configs = await client.getConfigs(id);
    await client.excludeConfigs(id, [configs[0]?.id ?? 0]);
    expect((await client.getConfigs(id)).find((c) => c.id === configs[0]?.id)?.status).toBe('INACTIVE');
    expect((await client.getPolicies(id)).length).toBeGreaterThan(0);
    expect(Array.isArray(await client.getCertificates(id, details.ownerId ?? 0))).toBe(true);
    expect(await client.syncCompliance('Intune', [id])).toBe(1);
    const rejected = await client.checkViability('lock', [id, 99999999]);
    expect(rejected.map((d) => d.id)).toEqual([99999999]);
    expect(await client.performAction('lock', [id])).toBe(1);
    expect(
      await client.performAction('enableLostMode', [id], {
        message: 'Lost',
        changeFootnote: true,
        footnote: 'Call IT',
      }),
    ).toBeLessThanOrEqual(1);
    await client.sendMessage({
      deviceIds: [id],
      dmPartitionId: details.dmPartitionId ?? 0,
      pushNotificationMessage: 'Hello there',
    });
    expect((await client.getSpaces()).length).toBeGreaterThanOrEqual(3);
    expect((await client.getTenantMetadata()).defaultDmPartitionId).toBeGreaterThan(0);
    const servers = await client.getDepServers();
    expect((await client.getDepProfiles(servers[0]?.id ?? 0)).length).toBeGreaterThan(0);
    const users = await client.findUsers({ adminDeviceSpaceId: 1, query: (details.emailAddress ?? '').slice(0, 20) });
    expect(users.results.some((u) => u.id === details.ownerId)).toBe(true);
    expect(await client.reassign(users.results[0]?.id ?? 0, [id])).toEqual([]);
  });

  it('when the vendor refuses a parameter, then the client error names the field', async () => {
    await expect(client.performAction('unlock', [22001], { deviceUnlockPin: '1' })).rejects.toMatchObject({
      kind: 'bad-request',
      fieldErrors: [{ field: 'deviceUnlockPin' }],
    });
  });
});
