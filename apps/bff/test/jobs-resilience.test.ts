import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ADMIN } from '@mdm-console/devkit/dev-tenant';
import type { ApiClient, Job, JobItem } from '@mdm-console/contract';
import { signedIn, simActions, simControl, waitForJob } from './harness.ts';

let sim: SimProcess;
let dir: string;
const bffs: BffProcess[] = [];

function startBff(): Promise<BffProcess> {
  return startBffProcess(
    {
      MDM_BASE_URL: sim.url,
      MDM_USERNAME: TENANT_ADMIN.user,
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

async function items(api: ApiClient, id: string): Promise<JobItem[]> {
  const all: JobItem[] = [];
  let after: number | null = null;
  do {
    const page = await api.listJobItems({
      params: { id },
      query: { limit: 500, ...(after === null ? {} : { after }) },
    });
    all.push(...page.items);
    after = page.nextAfter;
  } while (after !== null);
  return all;
}

async function lockAllActive(api: ApiClient): Promise<Job> {
  const created = await api.createJob({
    body: { action: 'lock', params: {}, target: { filter: { f: ['registrationState:ACTIVE'] } } },
  });
  const draft = await waitForJob(api, created.id, ['draft']);
  expect(draft.preflight?.eligible).toBeGreaterThanOrEqual(2000);
  expect((await api.confirmJob({ params: { id: draft.id }, body: {} })).state).toBe('scheduled');
  return draft;
}

/** Every frozen device has exactly one outcome, and the simulator locked none of them twice. */
async function expectEachDeviceOnce(api: ApiClient, job: Job) {
  const done = await waitForJob(api, job.id, ['completed'], 120_000);
  const list = await items(api, job.id);
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
    const api = await signedIn(bff.url, 'admin@demo.local');
    await simControl(sim.url, 'POST', '/__sim/reset');
    await simControl(sim.url, 'PUT', '/__sim/faults', {
      throttleRate: 0.1,
      errorRate: 0.03,
      dropRate: 0.03,
      malformedRate: 0.02,
      latencyMs: 5,
      jitterMs: 10,
    });
    const job = await lockAllActive(api);
    const done = await expectEachDeviceOnce(api, job);
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
    expect(done.counts.succeeded).toBeGreaterThan(0);
    expect(done.counts.unknown + done.counts.failed).toBeLessThan(job.frozenCount);
    await bff.stop();
  }, 180_000);

  it('when the BFF is killed with SIGKILL mid-job, then the restarted BFF finishes it and sends no chunk twice', async () => {
    await simControl(sim.url, 'POST', '/__sim/reset');
    await simControl(sim.url, 'PUT', '/__sim/faults', { latencyMs: 150 });
    const first = await startBff();
    const firstApi = await signedIn(first.url, 'admin@demo.local');
    const job = await lockAllActive(firstApi);
    for (;;) {
      const now = await firstApi.getJob({ params: { id: job.id } });
      if (now.counts.succeeded >= 300) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const lockedBefore = (await simActions(sim.url)).filter((entry) => entry.action === 'lock').length;
    expect(lockedBefore).toBeLessThan(job.frozenCount);

    const second = await startBff();
    const done = await expectEachDeviceOnce(await signedIn(second.url, 'admin@demo.local'), job);
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
    // Only the chunks in flight at the kill are unknown: at most concurrency × chunk size.
    expect(done.counts.unknown).toBeLessThanOrEqual(4 * 50);
    expect(done.counts.succeeded).toBeGreaterThan(job.frozenCount - 4 * 50 - (job.preflight?.ineligible ?? 0) - 1);
  }, 180_000);
});
