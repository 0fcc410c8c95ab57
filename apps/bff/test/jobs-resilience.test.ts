import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ADMIN } from '@mdm-console/devkit/dev-tenant';
import { call, signIn, simActions, simControl, waitForJob, type JobReply } from './harness.ts';

let sim: SimProcess;
let dir: string;
const bffs: BffProcess[] = [];

function startBff(): Promise<BffProcess> {
  return startBffProcess(
    {
      MDM_BASE_URL: sim.url,
      MDM_USERNAME: 'tenant-admin',
      MDM_PASSWORD: TENANT_ADMIN.password,
      MDM_TIMEOUT_MS: '1500',
      DATABASE_URL: join(dir, 'jobs.sqlite'),
      PORT: '0',
      DEMO_MODE: 'true',
      JOB_UNDO_SECONDS: '0',
      JOB_LEASE_SECONDS: '1',
    },
    { quiet: true },
  ).then((bff) => {
    bffs.push(bff);
    return bff;
  });
}

async function items(base: string, cookie: string, id: string) {
  const all: { deviceId: number; outcome: string | null }[] = [];
  let after: number | null = null;
  do {
    const page = (
      await call(base, 'GET', `/api/jobs/${id}/items?limit=500${after === null ? '' : `&after=${String(after)}`}`, {
        cookie,
      })
    ).json as { items: { deviceId: number; outcome: string | null }[]; nextAfter: number | null };
    all.push(...page.items);
    after = page.nextAfter;
  } while (after !== null);
  return all;
}

async function lockAllActive(base: string, cookie: string): Promise<JobReply> {
  const created = (
    await call(base, 'POST', '/api/jobs', {
      cookie,
      body: { action: 'lock', params: {}, target: { filter: { f: ['registrationState:ACTIVE'] } } },
    })
  ).json as JobReply;
  const draft = await waitForJob(base, cookie, created.id, ['draft']);
  expect(draft.preflight?.eligible).toBeGreaterThanOrEqual(2000);
  expect((await call(base, 'POST', `/api/jobs/${draft.id}/confirm`, { cookie, body: {} })).status).toBe(200);
  return draft;
}

/** Every frozen device has exactly one outcome, and the simulator locked none of them twice. */
async function expectEachDeviceOnce(base: string, cookie: string, job: JobReply) {
  const done = await waitForJob(base, cookie, job.id, ['completed'], 120_000);
  const list = await items(base, cookie, job.id);
  expect(list).toHaveLength(job.frozenCount);
  expect(list.every((item) => item.outcome !== null)).toBe(true);
  const sum = Object.entries(done.counts)
    .filter(([key]) => key !== 'pending')
    .reduce((total, [, n]) => total + n, 0);
  expect(sum).toBe(job.frozenCount);
  const locks = (await simActions(sim.url)).filter((entry) => entry.action === 'lock');
  const perDevice = new Map<number, number>();
  for (const entry of locks) perDevice.set(entry.deviceId, (perDevice.get(entry.deviceId) ?? 0) + 1);
  expect([...perDevice.values()].every((n) => n === 1)).toBe(true);
  // Succeeded devices were locked; none was locked beyond the frozen set.
  const frozen = new Set(list.map((item) => item.deviceId));
  expect([...perDevice.keys()].every((id) => frozen.has(id))).toBe(true);
  expect(perDevice.size).toBeGreaterThanOrEqual(done.counts.succeeded);
  return done;
}

beforeAll(async () => {
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '8000', SIM_ACTION_DELAY_MS: '50' }, { quiet: true });
  dir = mkdtempSync(join(tmpdir(), 'mdm-jobs-'));
});
afterAll(async () => {
  for (const bff of bffs) await bff.stop();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('jobs under faults and crashes', () => {
  it('when the vendor throttles, fails and drops calls, then a lock of 2,000+ devices ends with one outcome each and no device locked twice', async () => {
    const bff = await startBff();
    const cookie = await signIn(bff.url, 'admin@demo.local');
    await simControl(sim.url, 'POST', '/__sim/reset');
    await simControl(sim.url, 'PUT', '/__sim/faults', {
      throttleRate: 0.1,
      errorRate: 0.03,
      dropRate: 0.03,
      malformedRate: 0.02,
      latencyMs: 5,
      jitterMs: 10,
    });
    const job = await lockAllActive(bff.url, cookie);
    const done = await expectEachDeviceOnce(bff.url, cookie, job);
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
    expect(done.counts.succeeded).toBeGreaterThan(0);
    expect(done.counts.unknown + done.counts.failed).toBeLessThan(job.frozenCount);
    await bff.stop();
  }, 180_000);

  it('when the BFF is killed with SIGKILL mid-job, then the restarted BFF finishes it and sends no chunk twice', async () => {
    await simControl(sim.url, 'POST', '/__sim/reset');
    await simControl(sim.url, 'PUT', '/__sim/faults', { latencyMs: 150 });
    const first = await startBff();
    let cookie = await signIn(first.url, 'admin@demo.local');
    const job = await lockAllActive(first.url, cookie);
    for (;;) {
      const now = (await call(first.url, 'GET', `/api/jobs/${job.id}`, { cookie })).json as JobReply;
      if (now.counts.succeeded >= 300) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const lockedBefore = (await simActions(sim.url)).filter((entry) => entry.action === 'lock').length;
    expect(lockedBefore).toBeLessThan(job.frozenCount);

    const second = await startBff();
    cookie = await signIn(second.url, 'admin@demo.local');
    const done = await expectEachDeviceOnce(second.url, cookie, job);
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
    // Only the chunks in flight at the kill are unknown: at most concurrency × chunk size.
    expect(done.counts.unknown).toBeLessThanOrEqual(4 * 50);
    expect(done.counts.succeeded).toBeGreaterThan(job.frozenCount - 4 * 50 - (job.preflight?.ineligible ?? 0) - 1);
  }, 180_000);
});
