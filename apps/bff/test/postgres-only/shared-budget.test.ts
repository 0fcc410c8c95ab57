import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startBffWithMetrics, type BffWithMetrics } from '@mdm-console/devkit/bff-process';
import { scrapeAll, sumOf } from '@mdm-console/devkit/prometheus';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, signIn } from '../harness.ts';
import { expectEachDeviceOnce, lockAllActive } from '../job-checks.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

let database: TestDatabase;
let sim: SimProcess;
const bffs: BffWithMetrics[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  // The tenant refuses more than 25 requests a second; the console's budget is 20, for its three processes together.
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '7400', SIM_RATE_LIMIT: '25' }, { quiet: true });
  for (let k = 0; k < 3; k += 1)
    bffs.push(
      await startBffWithMetrics(
        {
          ...tenantSettings(sim.url),
          DATABASE_URL: database.url,
          PORT: '0',
          DEMO_MODE: 'true',
          JOB_UNDO_SECONDS: '0',
          JOB_CHUNK_SIZE: '10',
          MDM_MAX_PER_SECOND: '20',
        },
        { quiet: true },
      ),
    );
});
afterAll(async () => {
  for (const bff of bffs) await bff.process.stop();
  await sim.stop();
  await database.drop();
});

/** The sum of `mdm_vendor_requests_total` samples whose labels include `label`, over every process. */
const vendorRequests = async (label: string): Promise<number> =>
  sumOf(
    await scrapeAll(bffs.map((bff) => bff.metrics)),
    (key) => key.startsWith('mdm_vendor_requests_total{') && key.includes(label),
  );

describe('one vendor budget for every process', () => {
  it('when three processes share a 2,000-device lock under a budget below the tenant limit, then the tenant throttles none of it', async () => {
    const [first] = bffs;
    if (!first) throw new Error('three processes');
    const api = apiAs(first.process.url, await signIn(first.process.url, 'admin@demo.local'));
    const began = Date.now();
    const job = await lockAllActive(api, 2000);
    await expectEachDeviceOnce(api, job, sim.url);
    const seconds = (Date.now() - began) / 1000;
    const sent = await vendorRequests('status="200"');
    expect(await vendorRequests('status="429"')).toBe(0);
    // The lock alone is 200+ calls (10 devices each): at 20 a second for all three together, it took 10 s or more.
    expect(sent).toBeGreaterThanOrEqual(Math.ceil((job.preflight?.eligible ?? 0) / 10));
    expect(sent / seconds).toBeLessThanOrEqual(22);
  }, 180_000);
});
