import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient, type JobState } from '@mdm-console/contract';
import { startBffWithMetrics, type BffWithMetrics } from '../bff-process.ts';
import { tenantSettings } from '../dev-tenant.ts';
import { startPostgresCluster, type PostgresCluster } from '../postgres.ts';
import { scrapeAll } from '../prometheus.ts';
import { startSimProcess, type SimProcess } from '../sim-process.ts';
import { prepareBrowsing, type BrowseResult } from './bff-bench.ts';
import { signInAdmin } from './bench-stack.ts';
import { cpuSecondsOf, processTable } from './cpu-time.ts';

/** CPU seconds each part of the machine used while the sessions browsed. */
export interface BrowsingCpu {
  bff: number;
  postgres: number;
  simulator: number;
  /** This process: the load generator. */
  bench: number;
}

export interface ScaleResult {
  browsing: {
    sessions: number;
    seconds: number;
    /** Browsing from a cold start (caches empty, code not yet optimised), before the measured run. */
    warmUpSeconds: number;
    coldSingle: BrowseResult;
    coldThree: BrowseResult;
    single: BrowseResult;
    three: BrowseResult;
    cpu: { single: BrowsingCpu; three: BrowsingCpu };
  };
  lock: { devices: number; singleMs: number; threeMs: number; ratio: number };
  migrationSeconds: number;
  claims: { count: number; p95Ms: number };
}

type Bff = BffWithMetrics;

async function startBffs(sim: SimProcess, databaseUrl: string, count: number) {
  const bffs: Bff[] = [];
  // One after the other: the first migrates the empty database, as a rolling start would.
  for (let k = 0; k < count; k += 1)
    bffs.push(
      await startBffWithMetrics(
        {
          ...tenantSettings(sim.url),
          DATABASE_URL: databaseUrl,
          PORT: '0',
          DEMO_MODE: 'true',
          JOB_UNDO_SECONDS: '0',
        },
        { quiet: true },
      ),
    );
  return bffs;
}

const stopAll = (bffs: readonly Bff[]) => Promise.all(bffs.map((bff) => bff.process.stop()));

/** The p95 of a Prometheus histogram summed over processes, interpolated within its bucket as PromQL does. */
async function histogramP95(bffs: readonly Bff[], name: string): Promise<{ count: number; p95Ms: number }> {
  const samples = await scrapeAll(bffs.map((bff) => bff.metrics));
  const buckets = [...samples]
    .filter(([key]) => key.startsWith(`${name}_bucket{`))
    .map(([key, count]) => ({ le: Number(/le="([^"]+)"/.exec(key)?.[1] ?? 'NaN'), count }))
    .sort((a, b) => a.le - b.le);
  const count = buckets.at(-1)?.count ?? 0;
  let below = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= 0.95 * count) {
      const share = (0.95 * count - below.count) / Math.max(1, bucket.count - below.count);
      const le = Number.isFinite(bucket.le) ? bucket.le : below.le;
      return { count, p95Ms: (below.le + share * (le - below.le)) * 1000 };
    }
    below = bucket;
  }
  return { count, p95Ms: Number.NaN };
}

async function lockAllActive(api: ApiClient): Promise<{ devices: number; ms: number }> {
  const wait = async (id: string, states: readonly JobState[]) => {
    for (;;) {
      const job = await api.getJob({ params: { id } });
      if (states.includes(job.state)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const created = await api.createJob({
    body: { action: 'lock', params: {}, target: { filter: { f: ['registrationState:ACTIVE'] } } },
  });
  const draft = await wait(created.id, ['draft']);
  const began = performance.now();
  await api.confirmJob({ params: { id: draft.id }, body: {} });
  await wait(draft.id, ['completed']);
  return { devices: draft.preflight?.eligible ?? 0, ms: performance.now() - began };
}

const adminOf = async (bff: Bff): Promise<ApiClient> =>
  createApiClient({ baseUrl: bff.process.url, headers: { cookie: await signInAdmin(bff.process.url) } });

/** Runs `work`, and tells how much CPU each group of processes (with their children) and this process used meanwhile. */
async function measuringCpu<T>(
  groups: { bff: number[]; postgres: number[]; simulator: number[] },
  work: () => Promise<T>,
): Promise<{ result: T; cpu: BrowsingCpu }> {
  const reading = (): BrowsingCpu => {
    const table = processTable();
    const own = process.cpuUsage();
    return {
      bff: cpuSecondsOf(groups.bff, table),
      postgres: cpuSecondsOf(groups.postgres, table),
      simulator: cpuSecondsOf(groups.simulator, table),
      bench: (own.user + own.system) / 1e6,
    };
  };
  const before = reading();
  const result = await work();
  const after = reading();
  return {
    result,
    cpu: {
      bff: after.bff - before.bff,
      postgres: after.postgres - before.postgres,
      simulator: after.simulator - before.simulator,
      bench: after.bench - before.bench,
    },
  };
}

const pidOf = (bff: Bff): number => bff.process.child.pid ?? 0;

/**
 * Each setup browses `warmUpSeconds` from its cold start, then `seconds` measured: processes serve for days, so the
 * figures compared are those of processes that have run; the cold start is reported on its own.
 */
async function browsing(
  cluster: PostgresCluster,
  folder: string,
  sessions: number,
  seconds: number,
  warmUpSeconds: number,
) {
  const sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '5000' }, { quiet: true });
  try {
    const [one] = await startBffs(sim, join(folder, 'browse.sqlite'), 1);
    if (!one) throw new Error('no BFF');
    const simulator = [sim.child.pid ?? 0];
    const runSingle = await prepareBrowsing([one.process.url], sessions);
    const coldSingle = await runSingle(warmUpSeconds);
    const single = await measuringCpu({ bff: [pidOf(one)], postgres: [], simulator }, () => runSingle(seconds));
    await stopAll([one]);
    cluster.createDatabase('browse');
    const three = await startBffs(sim, cluster.urlOf('browse'), 3);
    const migrationSeconds = (await scrapeAll(three.slice(0, 1).map((bff) => bff.metrics))).get(
      'mdm_store_migration_seconds',
    );
    const [first, ...others] = three.map((bff) => bff.process.url);
    if (!first) throw new Error('no BFF');
    const runThree = await prepareBrowsing([first, ...others], sessions);
    const coldThree = await runThree(warmUpSeconds);
    const { result: combined, cpu } = await measuringCpu(
      { bff: three.map(pidOf), postgres: [cluster.serverPid()], simulator },
      () => runThree(seconds),
    );
    await stopAll(three);
    return {
      coldSingle,
      coldThree,
      single: single.result,
      three: combined,
      cpu: { single: single.cpu, three: cpu },
      migrationSeconds: migrationSeconds ?? Number.NaN,
    };
  } finally {
    await sim.stop();
  }
}

async function locking(cluster: PostgresCluster, folder: string) {
  // About 10,000 of the generated devices are active.
  const sim = await startSimProcess(
    { SIM_PORT: '0', SIM_DEVICES: '34200', SIM_LATENCY_MS: '50' },
    { quiet: true, timeoutMs: 120_000 },
  );
  try {
    const [one] = await startBffs(sim, join(folder, 'lock.sqlite'), 1);
    if (!one) throw new Error('no BFF');
    const single = await lockAllActive(await adminOf(one));
    await stopAll([one]);
    cluster.createDatabase('lock');
    const three = await startBffs(sim, cluster.urlOf('lock'), 3);
    const [first] = three;
    if (!first) throw new Error('no BFF');
    const spread = await lockAllActive(await adminOf(first));
    const claims = await histogramP95(three, 'mdm_job_claim_duration_seconds');
    await stopAll(three);
    return {
      lock: {
        devices: single.devices,
        singleMs: single.ms,
        threeMs: spread.ms,
        ratio: Math.round((spread.ms / single.ms) * 100) / 100,
      },
      claims,
    };
  } finally {
    await sim.stop();
  }
}

/** One process on SQLite against three on one PostgreSQL: browsing, a 10,000-device lock, migrations, claims. */
export async function benchScale(): Promise<ScaleResult> {
  const cluster = await startPostgresCluster();
  const folder = mkdtempSync(join(tmpdir(), 'mdm-scale-'));
  try {
    const sessions = 150;
    const seconds = 30;
    const warmUpSeconds = 10;
    const { migrationSeconds, ...browsed } = await browsing(cluster, folder, sessions, seconds, warmUpSeconds);
    const { lock, claims } = await locking(cluster, folder);
    return { browsing: { sessions, seconds, warmUpSeconds, ...browsed }, lock, migrationSeconds, claims };
  } finally {
    cluster.remove();
    rmSync(folder, { recursive: true, force: true });
  }
}
