import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { signedIn, simActions, simControl } from './harness.ts';
import { expectEachDeviceOnce, lockAllActive, untilSucceeded } from './job-checks.ts';
import { freshDatabase, type TestDatabase } from './test-database.ts';

let sim: SimProcess;
let database: TestDatabase;
const bffs: BffProcess[] = [];

function startBff(): Promise<BffProcess> {
  return startBffProcess(
    {
      ...tenantSettings(sim.url),
      MDM_TIMEOUT_MS: '1500',
      DATABASE_URL: database.url,
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

beforeAll(async () => {
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '8000', SIM_ACTION_DELAY_MS: '50' }, { quiet: true });
  database = await freshDatabase();
});
afterAll(async () => {
  for (const bff of bffs) await bff.stop();
  await sim.stop();
  await database.drop();
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
    const done = await expectEachDeviceOnce(api, job, sim.url);
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
    await untilSucceeded(firstApi, job.id, 300);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const lockedBefore = (await simActions(sim.url)).filter((entry) => entry.action === 'lock').length;
    expect(lockedBefore).toBeLessThan(job.frozenCount);

    const second = await startBff();
    const done = await expectEachDeviceOnce(await signedIn(second.url, 'admin@demo.local'), job, sim.url);
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
    // Only the chunks in flight at the kill are unknown: at most concurrency × chunk size.
    expect(done.counts.unknown).toBeLessThanOrEqual(4 * 50);
    expect(done.counts.succeeded).toBeGreaterThan(job.frozenCount - 4 * 50 - (job.preflight?.ineligible ?? 0) - 1);
  }, 180_000);
});
