import { TENANT_ADMIN, tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { MdmClient } from '@mdm-console/mdm-api';
import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, refusal, signIn, waitForJob } from '../harness.ts';
import { expectEachDeviceOnce, lockAllActive, SLOW_JOB_SETTINGS, untilSucceeded } from '../job-checks.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

const USERS_CLI = fileURLToPath(new URL('../../src/cli/users.ts', import.meta.url));
let database: TestDatabase;
let sim: SimProcess;
let bffs: BffProcess[] = [];

const startBff = (): Promise<BffProcess> =>
  startBffProcess(
    {
      ...tenantSettings(sim.url),
      DATABASE_URL: database.url,
      PORT: '0',
      DEMO_MODE: 'true',
      // Kept far longer than a test waits: a stale answer shows.
      MDM_READ_CACHE_SECONDS: '60',
      ...SLOW_JOB_SETTINGS,
    },
    { quiet: true },
  );

beforeAll(async () => {
  database = await freshDatabase();
  sim = await startSimProcess(
    { SIM_PORT: '0', SIM_DEVICES: '11000', SIM_LATENCY_MS: '50', SIM_ACTION_DELAY_MS: '50' },
    { quiet: true, timeoutMs: 120_000 },
  );
  // One at a time: the first migrates, the demo accounts exist once.
  bffs = [await startBff(), await startBff(), await startBff()];
});
afterAll(async () => {
  for (const bff of bffs) if (bff.child.exitCode === null && bff.child.signalCode === null) await bff.stop();
  await sim.stop();
  await database.drop();
});

async function claimOwners(jobId: string): Promise<number> {
  const client = new pg.Client(database.url);
  await client.connect();
  try {
    const { rows } = await client.query<{ owners: string }>(
      'select count(distinct claim_owner) as owners from job_items where job_id = $1',
      [jobId],
    );
    return Number(rows[0]?.owners ?? 0);
  } finally {
    await client.end();
  }
}

describe('three BFF processes on one PostgreSQL', () => {
  it('when a session is made on one process, then the others know it, and a sign-out on one ends it on all', async () => {
    const [first, second, third] = bffs.map((bff) => bff.url);
    if (first === undefined || second === undefined || third === undefined) throw new Error('three processes');
    const cookie = await signIn(first, 'helpdesk@demo.local');
    expect((await apiAs(second, cookie).getSession()).user.email).toBe('helpdesk@demo.local');
    // The third process has the session in hand (cached) when the second ends it.
    expect((await apiAs(third, cookie).getSession()).role).toBe('helpdesk');
    await apiAs(second, cookie).logout();
    expect((await refusal(apiAs(third, cookie).getSession())).status).toBe(401);
    expect((await refusal(apiAs(first, cookie).getSession())).status).toBe(401);
  });

  it('when an account is changed by another process or the CLI, then every process applies it at the next request', async () => {
    const [first, second] = bffs.map((bff) => bff.url);
    if (first === undefined || second === undefined) throw new Error('three processes');
    const viewer = await signIn(first, 'viewer@demo.local');
    const onSecond = apiAs(second, viewer);
    expect((await onSecond.getSession()).spaceId).toBeNull();
    const { spaces } = await apiAs(first, viewer).listSpaces();
    const other = spaces.find((space) => !space.isDefault);
    if (!other) throw new Error('the demo tenant has one space only');
    await apiAs(first, viewer).chooseSpace({ body: { spaceId: other.id } });
    expect((await onSecond.getSession()).spaceId).toBe(other.id);
    const cli = spawnSync(process.execPath, [USERS_CLI, 'disable', 'viewer@demo.local'], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect((await refusal(onSecond.getSession())).status).toBe(401);
  });

  it('when a device is edited through one process, then another that kept its answer reads it edited', async () => {
    const [first, second] = bffs.map((bff) => bff.url);
    if (first === undefined || second === undefined) throw new Error('three processes');
    const cookie = await signIn(first, 'admin@demo.local');
    const [device] = (await apiAs(first, cookie).searchDevices({ query: { size: 1 } })).rows;
    if (!device) throw new Error('the tenant has devices');
    const params = { id: String(device.id) };
    const reader = apiAs(second, cookie);
    expect((await reader.getCustomAttributes({ params })).attrs.costCentre).not.toEqual(['CC-4711']);
    await apiAs(first, cookie).mergeCustomAttributes({ params, body: { attrs: { costCentre: ['CC-4711'] } } });
    // The notice reaches the second process over its own connection: allowed a moment, far less than the minute kept.
    let seen: string[] | undefined;
    for (let tries = 0; tries < 20 && seen?.[0] !== 'CC-4711'; tries += 1) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      seen = (await reader.getCustomAttributes({ params })).attrs.costCentre;
    }
    expect(seen).toEqual(['CC-4711']);
  });

  it('when one process has asked the tenant, then the others take its answer from the store rather than ask again', async () => {
    const [first, second, third] = bffs.map((bff) => bff.url);
    if (first === undefined || second === undefined || third === undefined) throw new Error('three processes');
    const cookie = await signIn(first, 'admin@demo.local');
    const [, device] = (await apiAs(first, cookie).searchDevices({ query: { size: 2 } })).rows;
    if (!device) throw new Error('the tenant has devices');
    const params = { id: String(device.id) };
    const before = (await apiAs(first, cookie).getCustomAttributes({ params })).attrs.costCentre;
    // The first process keeps the answer in the store as it answers: waited for, so that the test does not race it.
    const store = new pg.Client(database.url);
    await store.connect();
    try {
      const kept = async () =>
        (await store.query('select 1 from vendor_answers where key = $1', [`attrs:${String(device.id)}`])).rowCount;
      for (let tries = 0; tries < 50 && (await kept()) === 0; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await store.end();
    }
    // Changed behind the console's back (in the vendor's own console, say): no process hears of it, and the answer
    // the first process kept stands for the minute it is kept, in every process.
    const tenant = new MdmClient({ baseUrl: sim.url, username: TENANT_ADMIN.user, password: TENANT_ADMIN.password });
    await tenant.patchCustomAttributes(device.id, { costCentre: ['CC-BEHIND-THE-BACK'] }, true);
    expect((await apiAs(second, cookie).getCustomAttributes({ params })).attrs.costCentre).toEqual(before);
    expect((await apiAs(third, cookie).getCustomAttributes({ params })).attrs.costCentre).toEqual(before);
  });

  it('when the process that took a 3,000-device lock is killed mid-job, then the other two finish it, each device locked once', async () => {
    const [first, second] = bffs;
    if (first === undefined || second === undefined) throw new Error('three processes');
    const firstApi = apiAs(first.url, await signIn(first.url, 'admin@demo.local'));
    const job = await lockAllActive(firstApi, 3000);
    // Every process takes chunks of it, the job list shows the same from each.
    const secondApi = apiAs(second.url, await signIn(second.url, 'admin@demo.local'));
    expect((await secondApi.listJobs()).jobs.map((listed) => listed.id)).toContain(job.id);
    await untilSucceeded(firstApi, job.id, 300);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const done = await expectEachDeviceOnce(secondApi, job, sim.url);
    expect(done.state).toBe('completed');
    expect(await claimOwners(job.id)).toBe(3);
    // Only what was in flight in the killed process is unknown: at most its concurrency × chunk size.
    expect(done.counts.unknown).toBeLessThanOrEqual(4 * 10);
    const third = bffs[2];
    if (third === undefined) throw new Error('three processes');
    const seenFromThird = await waitForJob(apiAs(third.url, await signIn(third.url, 'admin@demo.local')), job.id, [
      'completed',
    ]);
    expect(seenFromThird.counts).toEqual(done.counts);
  }, 240_000);
});
