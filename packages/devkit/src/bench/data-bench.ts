import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MdmClient } from '@mdm-console/mdm-api';
import { z } from 'zod';
import { TENANT_ADMIN } from '../dev-tenant.ts';
import { startPostgresCluster } from '../postgres.ts';
import { memoryOf, REPO_ROOT } from '../sim-process.ts';
import { signInAdmin, startBenchStack } from './bench-stack.ts';
import { summarize, type LatencySummary } from './stats.ts';

const run = promisify(execFile);
const NODE = process.execPath;
const AUDIT_BENCH = join(REPO_ROOT, 'apps/bff/bench/audit-search.ts');

const auditResultSchema = z.object({
  events: z.number(),
  fillSeconds: z.number(),
  searches: z.number(),
  p50: z.number(),
  p95: z.number(),
  max: z.number(),
});
export type AuditSearchResult = z.infer<typeof auditResultSchema>;

/** Fills a store with generated events and times the activity's searches (in a process of the BFF's own). */
async function auditSearch(databaseUrl: string, events: number): Promise<AuditSearchResult> {
  const { stdout } = await run(NODE, [AUDIT_BENCH, databaseUrl, String(events)], {
    cwd: REPO_ROOT,
    maxBuffer: 1 << 20,
  });
  return auditResultSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
}

const IMPORT_ROWS = 10_000;
const EXPORT_ROUNDS = 5;
const importAnswerSchema = z.object({
  matchedDevices: z.number(),
  devicesToChange: z.object({ attributes: z.number(), owner: z.number() }),
});

const VIEW_FILTERS = [
  ['platform:IOS'],
  ['platform:ANDROID'],
  ['compliance:false'],
  ['registrationState:ACTIVE'],
  ['supervised:true'],
  ['lostMode:true'],
  ['platform:IOS', 'compliance:false'],
  ['platform:ANDROID', 'registrationState:ACTIVE'],
  ['ownership:COMPANY'],
  ['ownership:EMPLOYEE'],
];

export interface DataBenchResult {
  tenantDevices: number;
  viewsList: LatencySummary & { views: number };
  export: {
    devices: number;
    /** The round with the median ratio. */
    bareWalkMs: number;
    exportMs: number;
    ratio: number;
    rounds: { bareWalkMs: number; exportMs: number; ratio: number }[];
    rssGrowthMiB: number;
    bytes: number;
  };
  importPreview: { rows: number; owners: number; matched: number; changes: number; ms: number[]; medianMs: number };
  auditSearch: { sqlite: AuditSearchResult; postgres: AuditSearchResult };
}

/**
 * The data figures: the views list with its live counts, a streamed export against the bare vendor walk (the walk is
 * the floor) and the BFF's memory meanwhile, and the activity's search over a million events on both stores.
 */
export async function benchData(): Promise<DataBenchResult> {
  const devices = Number(process.env.BENCH_DATA_DEVICES ?? '300000');
  const stack = await startBenchStack({ simEnv: { SIM_DEVICES: String(devices) } });
  const base = stack.bff.url;
  const cookie = await signInAdmin(base);
  const headers = { 'x-csrf': '1', cookie, 'content-type': 'application/json' };
  try {
    // Twenty views, their counts read cold (after the read cache's 3 s) as a person opening the list would.
    for (let k = 0; k < 20; k += 1) {
      const f = VIEW_FILTERS[k % VIEW_FILTERS.length] ?? [];
      const response = await fetch(`${base}/api/views`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `View ${String(k)}`, query: { f, checkin: k < 10 ? undefined : '30d' } }),
      });
      if (!response.ok) throw new Error(`view ${String(k)}: ${String(response.status)}`);
    }
    const listTimes: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      const began = performance.now();
      const response = await fetch(`${base}/api/views`, { headers });
      await response.arrayBuffer();
      listTimes.push(performance.now() - began);
    }

    // The export of every device of the space, against the same walk straight from the simulator.
    const client = new MdmClient({
      baseUrl: stack.sim.url,
      username: TENANT_ADMIN.user,
      password: TENANT_ADMIN.password,
      timeoutMs: 60_000,
    });
    const space = (await client.getTenantMetadata()).defaultDmPartitionId;
    const sample: { serial: string; email: string }[] = [];
    const bareWalk = async (): Promise<{ ms: number; devices: number }> => {
      const began = performance.now();
      let walked = 0;
      for await (const page of client.walkDevices({
        dmPartitionId: space,
        sort: [{ field: 'lastCheckin', order: 'DESC' }],
      })) {
        walked += page.searchResults.length;
        for (const device of page.searchResults)
          if (sample.length < IMPORT_ROWS && device.serialNumber)
            sample.push({ serial: device.serialNumber, email: device.emailAddress ?? '' });
      }
      return { ms: performance.now() - began, devices: walked };
    };
    const pid = stack.bff.child.pid ?? 0;
    const rssBefore = memoryOf(pid).rssMiB;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, memoryOf(pid).rssMiB);
    }, 50);
    const exportOnce = async (): Promise<{ ms: number; devices: number; bytes: number }> => {
      const began = performance.now();
      const response = await fetch(
        `${base}/api/devices/export.csv?columns=id,deviceName,emailAddress,platformType,serialNumber,lastCheckin,attr:assetTag`,
        { headers: { 'x-csrf': '1', cookie } },
      );
      let bytes = 0;
      const reader = response.body?.getReader();
      for (let part = await reader?.read(); part && !part.done; part = await reader?.read())
        bytes += part.value.byteLength;
      return { ms: performance.now() - began, devices: Number(response.headers.get('x-total-count')), bytes };
    };
    // Both paths run once before they are timed, as in a console that has been serving for a while (the BFF's first
    // export also grows its heap and compiles its code: a third slower). Its memory is watched from before.
    await bareWalk();
    await exportOnce();
    // The walk and the export alternate, five times: on two cores, the simulator's pace drifts by a third between
    // runs, and each ratio compares two runs made next to each other.
    const rounds: { bareWalkMs: number; exportMs: number; ratio: number }[] = [];
    let exported = { ms: 0, devices: 0, bytes: 0 };
    for (let round = 0; round < EXPORT_ROUNDS; round += 1) {
      const walk = await bareWalk();
      exported = await exportOnce();
      rounds.push({
        bareWalkMs: Math.round(walk.ms),
        exportMs: Math.round(exported.ms),
        ratio: Math.round((exported.ms / walk.ms) * 100) / 100,
      });
    }
    clearInterval(sampler);
    const medianRound = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] ?? rounds[0];

    // The preview of a 10,000-row import: serial numbers, two attributes, and a new owner on one row in ten.
    const owners = [...new Set(sample.map((row) => row.email).filter((email) => email !== ''))].slice(0, 200);
    const csv = [
      'serialNumber,attr:costCenter,attr:assetTag_#,owner',
      ...sample.map(
        (row, k) =>
          `${row.serial},CC-${String(k % 97)},${String(500000 + k)},${k % 10 === 0 ? (owners[k % owners.length] ?? '') : ''}`,
      ),
    ].join('\n');
    const previewTimes: number[] = [];
    let preview: { matchedDevices: number; devicesToChange: { attributes: number; owner: number } } | undefined;
    for (let round = 0; round < 3; round += 1) {
      const began = performance.now();
      const answer = await fetch(`${base}/api/imports`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ csv, key: 'serialNumber', fileName: 'bench.csv' }),
      });
      if (!answer.ok) throw new Error(`import preview: ${String(answer.status)} ${await answer.text()}`);
      preview = importAnswerSchema.parse(await answer.json());
      previewTimes.push(performance.now() - began);
    }

    // The activity's search over a million events, on each store.
    const folder = mkdtempSync(join(tmpdir(), 'mdm-audit-bench-'));
    const events = Number(process.env.BENCH_AUDIT_EVENTS ?? '1000000');
    const sqlite = await auditSearch(join(folder, 'audit.sqlite'), events);
    const cluster = await startPostgresCluster();
    let postgres: AuditSearchResult;
    try {
      cluster.createDatabase('audit');
      postgres = await auditSearch(cluster.urlOf('audit'), events);
    } finally {
      cluster.remove();
      rmSync(folder, { recursive: true, force: true });
    }
    return {
      tenantDevices: devices,
      viewsList: { ...summarize(listTimes), views: 20 },
      export: {
        devices: exported.devices,
        bareWalkMs: medianRound?.bareWalkMs ?? 0,
        exportMs: medianRound?.exportMs ?? 0,
        ratio: medianRound?.ratio ?? 0,
        rounds,
        rssGrowthMiB: Math.round(rssPeak - rssBefore),
        bytes: exported.bytes,
      },
      importPreview: {
        rows: sample.length,
        owners: owners.length,
        matched: preview?.matchedDevices ?? 0,
        changes: (preview?.devicesToChange.attributes ?? 0) + (preview?.devicesToChange.owner ?? 0),
        ms: previewTimes.map(Math.round),
        medianMs: Math.round(summarize(previewTimes).p50),
      },
      auditSearch: { sqlite, postgres },
    };
  } finally {
    await stack.stop();
  }
}
