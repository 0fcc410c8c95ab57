import { MdmClient } from '@mdm-console/mdm-api';
import { startBffWithMetrics } from '../bff-process.ts';
import { freePort } from '../free-port.ts';
import { scrapeAll, sumOf } from '../prometheus.ts';
import { TENANT_ADMIN, tenantSettings } from '../dev-tenant.ts';
import { startPostgresCluster } from '../postgres.ts';
import { startSimProcess } from '../sim-process.ts';
import { quantile } from './stats.ts';
import { cpuSecondsOf } from './cpu-time.ts';
import { signInAdmin, startBenchStack } from './bench-stack.ts';

const LATENCY_MS = 50;
const WAVES = 10;
const ROUNDS = 3;
/** The job's chunk (JOB_CHUNK_SIZE's default): what one vendor round trip carries. */
const CHUNK = 50;
const SCHEDULED = 1_000;
const IDLE_SECONDS = 30;

interface JobView {
  id: string;
  state: string;
  preflight: { eligible: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Ids of active devices, as the BFF's search lists them. */
async function activeIds(base: string, cookie: string, size: number): Promise<number[]> {
  const reply = await fetch(`${base}/api/devices?size=${String(size)}&f=registrationState%3AACTIVE`, {
    headers: { 'x-csrf': '1', cookie },
  });
  return ((await reply.json()) as { rows: { id: number }[] }).rows.map((row) => row.id);
}

/** Calls the BFF's API as the SPA does; throws on anything but 2xx. */
function apiOf(base: string, cookie: string) {
  return async (method: string, path: string, body?: unknown): Promise<JobView> => {
    const reply = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'x-csrf': '1', cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!reply.ok) throw new Error(`${method} ${path}: ${String(reply.status)} ${await reply.text()}`);
    return (await reply.json()) as JobView;
  };
}

type Api = ReturnType<typeof apiOf>;

async function waitFor(api: Api, id: string, states: readonly string[]): Promise<JobView> {
  for (;;) {
    const job = await api('GET', `/jobs/${id}`);
    if (states.includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Locks every active device, with or without waves; answers the wall time from start to finish. */
async function lockAll(api: Api, waves: unknown): Promise<{ devices: number; ms: number }> {
  const created = await api('POST', '/jobs', {
    action: 'lock',
    params: {},
    target: { filter: { f: ['registrationState:ACTIVE'] } },
    ...(waves === null ? {} : { waves }),
  });
  const draft = await waitFor(api, created.id, ['draft']);
  await api('POST', `/jobs/${draft.id}/confirm`, {});
  const done = await waitFor(api, draft.id, ['completed', 'halted', 'paused']);
  if (done.state !== 'completed') throw new Error(`the lock ended ${done.state}`);
  return {
    devices: draft.preflight?.eligible ?? 0,
    ms: Date.parse(done.finishedAt ?? '') - Date.parse(done.startedAt ?? ''),
  };
}

/** One vendor round trip as the job makes it: a lock of one chunk (50 devices), median of several. */
async function roundTripMs(simUrl: string, ids: readonly number[]): Promise<number> {
  const client = new MdmClient({ baseUrl: simUrl, username: TENANT_ADMIN.user, password: TENANT_ADMIN.password });
  const times: number[] = [];
  for (let k = 0; k < 9; k++) {
    const began = performance.now();
    await client.performAction('lock', ids.slice(k * CHUNK, (k + 1) * CHUNK));
    times.push(performance.now() - began);
  }
  return quantile(times, 0.5);
}

/** The mean duration of the lock calls the BFF's jobs made, from its own metrics. */
async function jobLockRoundTripMs(metricsUrl: string): Promise<number> {
  const samples = await scrapeAll([metricsUrl]);
  const lock = (suffix: string) => (key: string) =>
    key.startsWith(`mdm_vendor_request_duration_seconds_${suffix}{`) && key.includes('/api/v1/device/lock"');
  return (sumOf(samples, lock('sum')) / Math.max(1, sumOf(samples, lock('count')))) * 1000;
}

export interface WavesBenchResult {
  lock: {
    devices: number;
    withoutMs: number;
    withMs: number;
    waves: number;
    /** A lock call of one chunk on the idle simulator. */
    roundTripMs: number;
    /** The jobs' own lock calls in the same run, as the BFF timed them (mean). */
    jobRoundTripMs: number;
  };
  idle: {
    seconds: number;
    scheduled: number;
    cpuMsPerMinute: { none: number; waiting: number };
    statementsPerMinute: { none: number; waiting: number };
  };
}

/** A 10,000-device lock with and without 10 waves, and what 1,000 jobs scheduled for later cost at idle. */
export async function benchWaves(): Promise<WavesBenchResult> {
  const metricsPort = await freePort();
  const lockStack = await startBenchStack({
    simEnv: { SIM_DEVICES: '34200', SIM_LATENCY_MS: String(LATENCY_MS) },
    bffEnv: { JOB_UNDO_SECONDS: '0', METRICS_PORT: String(metricsPort) },
  });
  let lock: WavesBenchResult['lock'];
  try {
    const cookie = await signInAdmin(lockStack.bff.url);
    const api = apiOf(lockStack.bff.url, cookie);
    const share = `${String(100 / WAVES)}%`;
    const plan = { first: share, then: share, haltAbovePercent: 100, pause: { minutes: 0 } };
    const without: number[] = [];
    const withWaves: number[] = [];
    let devices = 0;
    // Interleaved, so that the machine's drift weighs on both alike.
    for (let round = 0; round < ROUNDS; round++) {
      const plain = await lockAll(api, null);
      without.push(plain.ms);
      withWaves.push((await lockAll(api, plan)).ms);
      devices = plain.devices;
    }
    lock = {
      devices,
      withoutMs: quantile(without, 0.5),
      withMs: quantile(withWaves, 0.5),
      waves: WAVES,
      roundTripMs: await roundTripMs(lockStack.sim.url, await activeIds(lockStack.bff.url, cookie, 9 * CHUNK)),
      jobRoundTripMs: await jobLockRoundTripMs(`http://127.0.0.1:${String(metricsPort)}/metrics`),
    };
  } finally {
    await lockStack.stop();
  }

  const cluster = await startPostgresCluster();
  const sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '2000' }, { quiet: true });
  try {
    cluster.createDatabase('idle');
    const { process: bff, metrics } = await startBffWithMetrics(
      { ...tenantSettings(sim.url), DATABASE_URL: cluster.urlOf('idle'), PORT: '0', DEMO_MODE: 'true' },
      { quiet: true },
    );
    try {
      const pid = bff.child.pid ?? 0;
      // The statements the console itself sent (its own metric), not the database's housekeeping.
      const statements = async () => (await scrapeAll([metrics])).get('mdm_store_query_duration_seconds_count') ?? 0;
      const measure = async () => {
        const cpu = cpuSecondsOf([pid]);
        const sent = await statements();
        await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
        const perMinute = 60 / IDLE_SECONDS;
        return {
          cpuMs: (cpuSecondsOf([pid]) - cpu) * 1000 * perMinute,
          statements: ((await statements()) - sent) * perMinute,
        };
      };
      const cookie = await signInAdmin(bff.url);
      const api = apiOf(bff.url, cookie);
      const [device = 0] = await activeIds(bff.url, cookie, 1);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const none = await measure();
      const runAt = new Date(Date.now() + 86_400_000).toISOString();
      for (let k = 0; k < SCHEDULED; k += 20)
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const created = await api('POST', '/jobs', {
              action: 'lock',
              params: {},
              target: { ids: [device] },
              runAt,
            });
            const draft = await waitFor(api, created.id, ['draft', 'failed']);
            await api('POST', `/jobs/${draft.id}/confirm`, {});
          }),
        );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const waiting = await measure();
      return {
        lock,
        idle: {
          seconds: IDLE_SECONDS,
          scheduled: SCHEDULED,
          cpuMsPerMinute: { none: Math.round(none.cpuMs), waiting: Math.round(waiting.cpuMs) },
          statementsPerMinute: { none: Math.round(none.statements), waiting: Math.round(waiting.statements) },
        },
      };
    } finally {
      await bff.stop();
    }
  } finally {
    await sim.stop();
    cluster.remove();
  }
}
