import autocannon from 'autocannon';
import { fileURLToPath } from 'node:url';
import { startService } from '../child-process.ts';
import { basicAuth, TENANT_ADMIN } from '../dev-tenant.ts';
import { memoryOf } from '../sim-process.ts';
import { signInAdmin, startBenchStack } from './bench-stack.ts';
import { seeded } from './search-mix.ts';
import { summarize, type LatencySummary } from './stats.ts';

const TENANT_AUTH = basicAuth(TENANT_ADMIN);

/** The BFF bench keeps its store in memory: its figures are about the HTTP path, not the disk. */
const startStack = (simEnv: Record<string, string>) =>
  startBenchStack({ simEnv, bffEnv: { DATABASE_URL: ':memory:' } });

/** Time until the answer's bytes are in, and until it is read (decoded and parsed), as a client would use it. */
async function timed(url: string, headers: Record<string, string>): Promise<{ received: number; read: number }> {
  const began = performance.now();
  const response = await fetch(url, { headers });
  const bytes = await response.arrayBuffer();
  const received = performance.now() - began;
  if (!response.ok) throw new Error(`${String(response.status)} from ${url}`);
  JSON.parse(new TextDecoder().decode(bytes));
  return { received, read: performance.now() - began };
}

export interface OverheadComparison {
  direct: LatencySummary;
  viaBff: LatencySummary;
  medianRatio: number;
  p95AddedMs: number;
}

export interface OverheadResult {
  simLatencyMs: number;
  /** Until the answer is parsed: the simulator's ~300 KB page straight, the BFF's ~70 KB answer via the BFF. */
  read: OverheadComparison;
  /** Until the answer's bytes are in. */
  received: OverheadComparison;
  /** The yardstick: the same page through a proxy that only parses and re-serializes it, until its bytes are in. */
  floor: OverheadComparison;
}

const PROXY_MAIN = fileURLToPath(new URL('./parsing-proxy.ts', import.meta.url));

function compare(direct: number[], via: number[]): OverheadComparison {
  const directSummary = summarize(direct);
  const viaSummary = summarize(via);
  return {
    direct: directSummary,
    viaBff: viaSummary,
    medianRatio: Math.round((viaSummary.p50 / directSummary.p50) * 1000) / 1000,
    p95AddedMs: Math.round((viaSummary.p95 - directSummary.p95) * 100) / 100,
  };
}

const QUERIES = ['anna', 'galaxy', 'smith', 'iphone', 'pixel', 'lee', 'maria', 'james'];

/** The same device searches straight to the simulator and through the BFF, interleaved, one at a time. */
async function overhead(simLatencyMs: number, samples: number): Promise<OverheadResult> {
  const { sim, bff, stop } = await startStack({ SIM_LATENCY_MS: String(simLatencyMs) });
  const proxy = await startService(
    'the parsing proxy',
    [PROXY_MAIN],
    { PROXY_TARGET: sim.url, PROXY_AUTHORIZATION: TENANT_AUTH },
    /parsing proxy at (http:\/\/\S+)/,
    { quiet: true },
  );
  try {
    const cookie = await signInAdmin(bff.url);
    const space = (
      (await (
        await fetch(`${sim.url}/api/v1/metadata/tenant`, { headers: { authorization: TENANT_AUTH } })
      ).json()) as { result: { defaultDmPartitionId: number } }
    ).result.defaultDmPartitionId;
    const direct = { received: [] as number[], read: [] as number[] };
    const via = { received: [] as number[], read: [] as number[] };
    const proxied: number[] = [];
    for (let k = 0; k < samples + 20; k += 1) {
      const q = QUERIES[k % QUERIES.length] ?? 'anna';
      // Every sample is a different search (page size 40..89 × word), so the BFF's read cache never answers;
      // the BFF's search for ?q=…&sort=lastCheckin&size=N is exactly this one vendor call.
      const rows = String(40 + (Math.floor(k / QUERIES.length) % 50));
      const vendorQuery = new URLSearchParams({
        q,
        dmPartitionId: String(space),
        rows,
        start: '0',
        'sortFields[0].name': 'lastCheckin',
        'sortFields[0].order': 'DESC',
      });
      const d = await timed(`${sim.url}/api/v1/device?${vendorQuery.toString()}`, { authorization: TENANT_AUTH });
      const b = await timed(`${bff.url}/api/devices?q=${q}&size=${rows}`, { cookie, 'x-csrf': '1' });
      const p = await timed(`${proxy.url}/api/v1/device?${vendorQuery.toString()}`, {});
      if (k >= 20) {
        direct.received.push(d.received);
        direct.read.push(d.read);
        via.received.push(b.received);
        via.read.push(b.read);
        proxied.push(p.received);
      }
    }
    return {
      simLatencyMs,
      read: compare(direct.read, via.read),
      received: compare(direct.received, via.received),
      floor: compare(direct.received, proxied),
    };
  } finally {
    await Promise.all([stop(), proxy.stop()]);
  }
}

export interface BrowseResult {
  requests: number;
  errors: number;
  non2xx: number;
  latency: { p50: number; p99: number; max: number };
  requestsPerSecond: number;
}

export interface LoadResult extends BrowseResult {
  sessions: number;
  seconds: number;
  bffRssMiB: number;
  bffPeakRssMiB: number;
}

/**
 * Signs the sessions in (password hashing is heavy: kept out of what is measured) and answers the browsing itself,
 * ready to start. Given several processes of one installation, the sessions are spread over them as a load balancer
 * without sticky sessions would, each signed in through another process than the one it browses; the percentiles are
 * those of every request, whichever process answered it.
 */
export async function prepareBrowsing(
  bffUrls: readonly [string, ...string[]],
  sessions: number,
): Promise<(seconds: number, seed?: number) => Promise<BrowseResult>> {
  const through = (k: number) => bffUrls[k % bffUrls.length] ?? bffUrls[0];
  const cookies = await Promise.all(Array.from({ length: sessions }, (_, k) => signInAdmin(through(k + 1))));
  const ids = (
    (await (
      await fetch(`${bffUrls[0]}/api/devices?size=200`, { headers: { cookie: cookies[0] ?? '', 'x-csrf': '1' } })
    ).json()) as { rows: { id: number }[] }
  ).rows.map((r) => r.id);
  const groups = bffUrls.map((url, k) => ({ url, cookies: cookies.filter((_, c) => c % bffUrls.length === k) }));
  return (seconds, seed = 7) => browseWith(groups, ids, seconds, seed);
}

async function browseWith(
  groups: readonly { url: string; cookies: readonly string[] }[],
  ids: readonly number[],
  seconds: number,
  seed: number,
): Promise<BrowseResult> {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const paths = [
    () => `/api/devices?size=100&q=${pick(QUERIES)}`,
    () =>
      `/api/devices?size=100&f=platform:${pick(['IOS', 'ANDROID', 'OSX', 'WINDOWS_PHONE'])}&f=compliance:${pick(['true', 'false'])}`,
    () =>
      `/api/devices?size=100&checkin=${pick(['24h', '7d', 'older30d'])}&sort=${pick(['lastCheckin', 'prettyModel', 'emailAddress'])}`,
    () => `/api/devices/${String(pick(ids))}`,
    () => `/api/devices/${String(pick(ids))}/configs`,
  ];
  const latencies: number[] = [];
  const browseOne = (url: string, cookies: readonly string[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let client = 0;
      const instance = autocannon(
        {
          url,
          connections: cookies.length,
          duration: seconds,
          setupClient: (c) => {
            c.setHeaders({ cookie: cookies[client % cookies.length] ?? '', 'x-csrf': '1' });
            client += 1;
          },
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: pick(paths)() }) }],
        },
        (error: unknown, result) => {
          if (error) reject(error instanceof Error ? error : new Error('the load generator failed', { cause: error }));
          else resolve(result);
        },
      );
      instance.on('response', (_client, _status, _bytes, milliseconds) => latencies.push(milliseconds));
    });
  const results = await Promise.all(groups.map((group) => browseOne(group.url, group.cookies)));
  const latency = summarize(latencies);
  const sum = (of: (result: autocannon.Result) => number) => results.reduce((n, result) => n + of(result), 0);
  return {
    requests: sum((result) => result.requests.total),
    errors: sum((result) => result.errors + result.timeouts),
    non2xx: sum((result) => result.non2xx),
    latency: { p50: latency.p50, p99: latency.p99, max: latency.max },
    requestsPerSecond: Math.round(sum((result) => result.requests.average)),
  };
}

/** 50 sessions browsing (search, facets, details) for `seconds` with autocannon, 5,000-device tenant. */
async function load(seconds: number, sessions: number): Promise<LoadResult> {
  const { bff, stop } = await startStack({});
  try {
    const run = await prepareBrowsing([bff.url], sessions);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memoryOf(bff.child.pid ?? 0).rssMiB);
    }, 250);
    const result = await run(seconds);
    clearInterval(sampler);
    const memory = memoryOf(bff.child.pid ?? 0);
    return {
      sessions,
      seconds,
      ...result,
      bffRssMiB: Math.round(memory.rssMiB),
      bffPeakRssMiB: Math.round(Math.max(peak, memory.rssMiB)),
    };
  } finally {
    await stop();
  }
}

export async function benchBff(): Promise<{
  overheadLoopback: OverheadResult;
  overheadRealistic: OverheadResult;
  load: LoadResult;
}> {
  return {
    overheadLoopback: await overhead(0, 400),
    overheadRealistic: await overhead(50, 400),
    load: await load(30, 50),
  };
}
