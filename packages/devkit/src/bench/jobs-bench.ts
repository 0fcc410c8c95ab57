import { MdmClient } from '@mdm-console/mdm-api';
import pMap from 'p-map';
import { memoryOf } from '../sim-process.ts';
import { signInAdmin, startBenchStack } from './bench-stack.ts';
import { TENANT_ADMIN } from '../dev-tenant.ts';

const CHUNK = 50;
const CONCURRENCY = 4;

interface JobView {
  id: string;
  state: string;
  frozenCount: number;
  resolved: number;
  preflight: { eligible: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
  counts: Record<string, number>;
}

async function stack(devices: number, latencyMs: number) {
  const { sim, bff, stop } = await startBenchStack({
    simEnv: { SIM_DEVICES: String(devices), SIM_LATENCY_MS: String(latencyMs) },
    bffEnv: { JOB_UNDO_SECONDS: '0', JOB_CHUNK_SIZE: String(CHUNK), JOB_CONCURRENCY: String(CONCURRENCY) },
  });
  const cookie = await signInAdmin(bff.url);
  const api = async (method: string, path: string, body?: unknown): Promise<JobView> => {
    const reply = await fetch(`${bff.url}/api${path}`, {
      method,
      headers: { 'x-csrf': '1', cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!reply.ok) throw new Error(`${method} ${path}: ${String(reply.status)} ${await reply.text()}`);
    return (await reply.json()) as JobView;
  };
  const waitFor = async (id: string, states: string[], onPoll?: () => void): Promise<JobView> => {
    for (;;) {
      const job = await api('GET', `/jobs/${id}`);
      onPoll?.();
      if (states.includes(job.state)) return job;
      // As often as the console's progress events (500 ms): the watching costs what a viewer's would.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  return {
    api,
    waitFor,
    bffPid: bff.child.pid ?? 0,
    simUrl: sim.url,
    stop,
  };
}

/** Every device the job locked, from its items. */
async function succeededIds(api: (method: string, path: string) => Promise<unknown>, jobId: string) {
  const ids: number[] = [];
  let after: number | null = null;
  do {
    const page = (await api(
      'GET',
      `/jobs/${jobId}/items?outcome=succeeded&limit=500${after === null ? '' : `&after=${String(after)}`}`,
    )) as { items: { deviceId: number }[]; nextAfter: number | null };
    ids.push(...page.items.map((item) => item.deviceId));
    after = page.nextAfter;
  } while (after !== null);
  return ids;
}

/** Locks `ids` with the vendor client alone, in the job's chunks and concurrency; answers the wall time. */
async function lockDirectly(simUrl: string, ids: readonly number[]): Promise<number> {
  const client = new MdmClient({ baseUrl: simUrl, username: TENANT_ADMIN.user, password: TENANT_ADMIN.password });
  const chunks: number[][] = [];
  for (let k = 0; k < ids.length; k += CHUNK) chunks.push(ids.slice(k, k + CHUNK));
  const began = performance.now();
  await pMap(chunks, (chunk) => client.performAction('lock', chunk), { concurrency: CONCURRENCY });
  return performance.now() - began;
}

export interface JobsBenchResult {
  lock: {
    devices: number;
    wallMs: number;
    idealMs: number;
    ratio: number;
    /** The same devices locked straight through the client, same chunks and concurrency: the vendor's own floor. */
    vendorOnlyMs: number;
    bffPeakRssMiB: number;
    counts: unknown;
  };
  freeze: { devices: number; ms: number };
}

/** A lock of ~10,000 devices at 50 ms vendor latency, and freezing "all matching" for ~100,000 devices. */
export async function benchJobs(): Promise<JobsBenchResult> {
  const latencyMs = 50;
  const lockStack = await stack(Number(process.env.BENCH_LOCK_TENANT ?? 40_000), latencyMs);
  let lock: JobsBenchResult['lock'];
  try {
    const created = await lockStack.api('POST', '/jobs', {
      action: 'lock',
      params: {},
      target: { filter: { f: ['registrationState:ACTIVE'] } },
    });
    const draft = await lockStack.waitFor(created.id, ['draft']);
    const devices = draft.preflight?.eligible ?? 0;
    let peak = 0;
    await lockStack.api('POST', `/jobs/${draft.id}/confirm`, {});
    const done = await lockStack.waitFor(draft.id, ['completed'], () => {
      peak = Math.max(peak, memoryOf(lockStack.bffPid).peakMiB);
    });
    const wallMs = Date.parse(done.finishedAt ?? '') - Date.parse(done.startedAt ?? '');
    // Ideal: every vendor call takes exactly the latency, CONCURRENCY at a time, nothing else costs anything.
    const idealMs = Math.ceil(Math.ceil(devices / CHUNK) / CONCURRENCY) * latencyMs;
    const vendorOnlyMs = await lockDirectly(lockStack.simUrl, await succeededIds(lockStack.api, draft.id));
    lock = {
      devices,
      wallMs,
      idealMs,
      ratio: wallMs / idealMs,
      vendorOnlyMs,
      bffPeakRssMiB: Math.round(peak),
      counts: done.counts,
    };
  } finally {
    await lockStack.stop();
  }

  // A 300,000-device tenant puts about 100,000 devices in the default space: "all matching" there.
  const freezeStack = await stack(Number(process.env.BENCH_FREEZE_TENANT ?? 300_000), 0);
  let freeze: JobsBenchResult['freeze'];
  try {
    const began = performance.now();
    const created = await freezeStack.api('POST', '/jobs', {
      action: 'forceCheckin',
      params: {},
      target: { filter: { all: true } },
    });
    const draft = await freezeStack.waitFor(created.id, ['draft']);
    freeze = { devices: draft.frozenCount, ms: performance.now() - began };
  } finally {
    await freezeStack.stop();
  }
  return { lock, freeze };
}
