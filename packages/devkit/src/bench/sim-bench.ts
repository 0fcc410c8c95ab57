import { coreUsersResponseSchema, deviceSearchResponseSchema, nextCursor } from '@mdm-console/mdm-api';
import { basicAuth, TENANT_ADMIN } from '../dev-tenant.ts';
import { memoryOf, startSimProcess } from '../sim-process.ts';
import { nextQuery, seeded, type MixContext, type QueryKind } from './search-mix.ts';
import { summarize, type LatencySummary } from './stats.ts';

const ADMIN = basicAuth(TENANT_ADMIN);

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: ADMIN } });
  if (!response.ok) throw new Error(`${String(response.status)} from ${url}: ${await response.text()}`);
  return response.json();
}

/** E-mails to look up and cursors deep in the lastCheckin order, gathered before timing. */
async function gatherContext(base: string, devices: number): Promise<MixContext> {
  const emails: string[] = [];
  for (const offset of [0, Math.floor(devices / 4), Math.floor(devices / 3)]) {
    const users = coreUsersResponseSchema.parse(
      await getJson(`${base}/api/v2/authorized/users?adminDeviceSpaceId=1&limit=100&offset=${String(offset)}`),
    );
    emails.push(...users.results.map((user) => user.email ?? '').filter((email) => email !== ''));
  }
  const deepCursors: string[] = [];
  let after = '';
  const pages = Math.min(Math.floor(devices / 500) - 1, 60);
  for (let page = 0; page < pages; page += 1) {
    const result = deviceSearchResponseSchema.parse(
      await getJson(`${base}/api/v1/device?rows=500&sortFields[0].name=lastCheckin&sortFields[0].order=DESC${after}`),
    ).result;
    const cursor = (nextCursor(result, [{ field: 'lastCheckin', order: 'DESC' }]) ?? []).join(',');
    after = `&searchAfterValues=${encodeURIComponent(cursor)}`;
    if (page >= 20) deepCursors.push(cursor);
  }
  if (deepCursors.length === 0) throw new Error('the tenant is too small for deep pages');
  return { emails, deepCursors };
}

export interface SimBenchResult {
  devices: number;
  readySeconds: number;
  rssMiB: number;
  peakRssMiB: number;
  overall: LatencySummary;
  byKind: Record<string, LatencySummary>;
}

/** Starts a simulator of `devices` devices and times a realistic search mix over HTTP, one request at a time. */
export async function benchSimulator(devices: number, iterations: number): Promise<SimBenchResult> {
  const sim = await startSimProcess(
    { SIM_DEVICES: String(devices), SIM_PORT: '0', SIM_SEED: '42' },
    { quiet: true, timeoutMs: 300_000 },
  );
  try {
    const readySeconds = sim.readyMs / 1000;
    const context = await gatherContext(sim.url, devices);
    const random = seeded(2026);
    const run = async (count: number, record: (kind: QueryKind, ms: number) => void): Promise<void> => {
      for (let k = 0; k < count; k += 1) {
        const { kind, query } = nextQuery(random, context);
        const began = performance.now();
        const response = await fetch(`${sim.url}/api/v1/device?${query}`, { headers: { authorization: ADMIN } });
        const body = await response.text();
        const elapsed = performance.now() - began;
        if (!response.ok) throw new Error(`${String(response.status)} for ${query}: ${body}`);
        record(kind, elapsed);
      }
    };
    await run(Math.min(100, iterations), () => undefined);
    const all: number[] = [];
    const byKindSamples = new Map<QueryKind, number[]>();
    await run(iterations, (kind, ms) => {
      all.push(ms);
      byKindSamples.set(kind, [...(byKindSamples.get(kind) ?? []), ms]);
    });
    const pid = sim.child.pid ?? 0;
    const memory = memoryOf(pid);
    return {
      devices,
      readySeconds: Math.round(readySeconds * 100) / 100,
      rssMiB: Math.round(memory.rssMiB),
      peakRssMiB: Math.round(memory.peakMiB),
      overall: summarize(all),
      byKind: Object.fromEntries([...byKindSamples].map(([kind, samples]) => [kind, summarize(samples)])),
    };
  } finally {
    await sim.stop();
  }
}
