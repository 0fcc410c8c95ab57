import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffProcess, type BffProcess } from '../bff-process.ts';
import { startSimProcess, type SimProcess } from '../sim-process.ts';
import { DEMO_PASSWORD, type DEMO_ACCOUNTS } from '@mdm-console/contract';
import { tenantSettings } from '../dev-tenant.ts';

/** The demo administrator, who may do everything the benchmarks ask. */
export const DEMO_ADMIN = 'admin@demo.local' satisfies (typeof DEMO_ACCOUNTS)[number]['email'];

export interface BenchStack {
  sim: SimProcess;
  bff: BffProcess;
  stop: () => Promise<void>;
}

/** A simulated tenant and the BFF in front of it, each its own process, the BFF's store in a fresh folder. */
export async function startBenchStack(
  options: { simEnv?: Record<string, string>; bffEnv?: Record<string, string> } = {},
): Promise<BenchStack> {
  const sim = await startSimProcess(
    { SIM_PORT: '0', SIM_DEVICES: '5000', ...options.simEnv },
    { quiet: true, timeoutMs: 300_000 },
  );
  const dir = mkdtempSync(join(tmpdir(), 'mdm-bench-'));
  const bff = await startBffProcess(
    {
      ...tenantSettings(sim.url),
      DEMO_MODE: 'true',
      PORT: '0',
      DATABASE_URL: join(dir, 'bench.sqlite'),
      ...options.bffEnv,
    },
    { quiet: true },
  );
  return {
    sim,
    bff,
    stop: async () => {
      await Promise.all([bff.stop(), sim.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in as a demo login; answers the session cookie. */
export async function signInAs(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'x-csrf': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${String(response.status)}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Signs in as the demo administrator; answers the session cookie. */
export const signInAdmin = (base: string): Promise<string> => signInAs(base, DEMO_ADMIN);
