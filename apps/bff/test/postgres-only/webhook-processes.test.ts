import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { WEBHOOK_HEADERS } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/http/context.ts';
import { startBff, type RunningBff } from '../../src/server.ts';
import { demoConfig, signedIn, waitForJob } from '../harness.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';
import { Receiver } from '../webhook-receiver.ts';

let sim: SimProcess;
let database: TestDatabase;
let receiver: Receiver;
const bffs: RunningBff[] = [];

beforeAll(async () => {
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '300', SIM_ACTION_DELAY_MS: '10' }, { quiet: true });
  database = await freshDatabase();
  receiver = new Receiver();
  const config = demoConfig(sim.url, database.url, {
    JOB_UNDO_SECONDS: '0',
    WEBHOOK_URLS: await receiver.listen(),
    WEBHOOK_SECRET: 'a-webhook-secret-of-some-length',
  });
  for (let k = 0; k < 2; k++) bffs.push(await startBff(config, { logger: createLogger('silent') }));
});

afterAll(async () => {
  for (const bff of bffs) await bff.close();
  receiver.close();
  await sim.stop();
  await database.drop();
});

describe('two processes sharing one outbox', () => {
  it('when both send the deliveries of many events, then each receiver gets each delivery once', async () => {
    const [first, second] = bffs;
    if (!first || !second) throw new Error('two processes are needed');
    const apis = [await signedIn(first.url, 'admin@demo.local'), await signedIn(second.url, 'admin@demo.local')];
    const page = await apis[0]?.searchDevices({ query: { f: ['registrationState:ACTIVE'], size: 12 } });
    const jobs = await Promise.all(
      (page?.rows ?? []).map(async (row, k) => {
        const api = apis[k % 2];
        if (!api) throw new Error('no client');
        const created = await api.createJob({ body: { action: 'lock', params: {}, target: { ids: [row.id] } } });
        const draft = await waitForJob(api, created.id, ['draft']);
        await api.confirmJob({ params: { id: draft.id }, body: {} });
        return draft.id;
      }),
    );
    expect(jobs).toHaveLength(12);
    await receiver.until(() => jobs.every((id) => receiver.about(id, 'job.finished').length > 0));
    // Longer than a poll of both dispatchers: a delivery sent twice would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const deliveries = receiver.requests.map((request) => request.headers[WEBHOOK_HEADERS.delivery.toLowerCase()]);
    expect(deliveries).toHaveLength(12);
    expect(new Set(deliveries).size).toBe(12);
  });
});
