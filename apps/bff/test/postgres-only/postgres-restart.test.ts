import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { startPostgresCluster, type PostgresCluster } from '@mdm-console/devkit/postgres';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, call, signIn, apiAs, simControl } from '../harness.ts';
import { expectEachDeviceOnce, lockAllActive, SLOW_JOB_SETTINGS } from '../job-checks.ts';

// A cluster of its own: the run's shared one serves the other files while this one is stopped and started.
let cluster: PostgresCluster;
let sim: SimProcess;
let bff: BffProcess;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '3000', SIM_ACTION_DELAY_MS: '20' }, { quiet: true });
  bff = await startBffProcess(
    {
      ...tenantSettings(sim.url),
      DATABASE_URL: cluster.urlOf('postgres'),
      PORT: '0',
      DEMO_MODE: 'true',
      ...SLOW_JOB_SETTINGS,
    },
    { quiet: true },
  );
});
afterAll(async () => {
  await bff.stop();
  await sim.stop();
  cluster.remove();
});

const readiness = async (): Promise<number> => (await fetch(`${bff.url}/readyz`)).status;

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('PostgreSQL restarted under a running job', () => {
  it('when PostgreSQL goes away mid-job, then requests get a clean 503, the process keeps serving, and the job finishes once it is back', async () => {
    const cookie = await signIn(bff.url, 'admin@demo.local');
    const api = apiAs(bff.url, cookie);
    const job = await lockAllActive(api, 500);
    await until(
      async () => (await api.getJob({ params: { id: job.id } })).counts.succeeded >= 100,
      'the job to be under way',
    );

    cluster.stop();
    expect(await readiness()).toBe(503);
    const meanwhile = await call(bff.url, 'GET', '/api/session', { cookie });
    expect({ status: meanwhile.status, code: errorCode(meanwhile) }).toEqual({
      status: 503,
      code: 'STORE_UNAVAILABLE',
    });
    expect(meanwhile.headers.get('retry-after')).toBe('2');
    // Long enough for the runner's ticks and its job task to meet the missing database.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(bff.child.exitCode).toBeNull();
    cluster.start();

    await until(async () => (await readiness()) === 200, 'readiness after the restart');
    const done = await expectEachDeviceOnce(api, job, sim.url);
    expect(done.counts.succeeded).toBeGreaterThan(0);
    expect(bff.child.exitCode).toBeNull();
    // Every frozen device has exactly one outcome event in the audit log, none lost and none twice.
    const client = new pg.Client(cluster.urlOf('postgres'));
    await client.connect();
    const { rows } = await client.query<{ events: string; devices: string }>(
      `select count(*) as events, count(distinct targets) as devices from audit_events
       where action = 'device.lock' and params::jsonb ->> 'job' = $1`,
      [job.id],
    );
    await client.end();
    expect(rows[0]).toEqual({ events: String(job.frozenCount), devices: String(job.frozenCount) });
    await simControl(sim.url, 'PUT', '/__sim/faults', {});
  }, 180_000);
});
