import { fileURLToPath } from 'node:url';
import { startService, type ServiceProcess } from './child-process.ts';
import { freePort } from './free-port.ts';

const BFF_MAIN = fileURLToPath(new URL('../../../apps/bff/src/main.ts', import.meta.url));

export type BffProcess = ServiceProcess;

/**
 * Heap sized to the BFF's bounded working set (8 vendor calls in flight, a read cache of 10,000 records, pages of at
 * most 500 rows): uncapped, V8 lets the heap grow under load far past what is live. BFF_NODE_FLAGS overrides.
 */
export const BFF_NODE_FLAGS = '--max-semi-space-size=8 --max-old-space-size=96';

/** Starts the BFF as its own process and waits until it serves. */
export function startBffProcess(
  env: Record<string, string>,
  /** `checkout`: the root of another checkout whose BFF to start (a baseline measured side by side). */
  options: { quiet?: boolean; timeoutMs?: number; checkout?: string } = {},
): Promise<BffProcess> {
  const flags = (process.env.BFF_NODE_FLAGS ?? BFF_NODE_FLAGS).split(' ').filter((flag) => flag !== '');
  const main = options.checkout === undefined ? BFF_MAIN : `${options.checkout}/apps/bff/src/main.ts`;
  return startService(
    options.checkout === undefined ? 'the BFF' : 'the baseline BFF',
    [...flags, main],
    { LOG_LEVEL: 'warn', ...env },
    /mdm-console is serving at (http:\/\/\S+)/,
    options,
  );
}

export interface BffWithMetrics {
  process: BffProcess;
  /** Its GET /metrics, on a listener of its own. */
  metrics: string;
}

/** Starts the BFF with its metrics served on a free loopback port. */
export async function startBffWithMetrics(
  env: Record<string, string>,
  options: { quiet?: boolean; timeoutMs?: number } = {},
): Promise<BffWithMetrics> {
  const port = await freePort();
  const process = await startBffProcess({ ...env, METRICS_PORT: String(port) }, options);
  return { process, metrics: `http://127.0.0.1:${String(port)}/metrics` };
}
