import { fileURLToPath } from 'node:url';
import { startService, type ServiceProcess } from './child-process.ts';

const BFF_MAIN = fileURLToPath(new URL('../../../apps/bff/src/main.ts', import.meta.url));

export type BffProcess = ServiceProcess;

/**
 * Heap sized to the BFF's bounded working set (8 vendor calls in flight, a 300-entry read cache, pages of at most
 * 500 rows): uncapped, V8 lets the heap grow under load far past what is live. BFF_NODE_FLAGS overrides.
 */
export const BFF_NODE_FLAGS = '--max-semi-space-size=8 --max-old-space-size=96';

/** Starts the BFF as its own process and waits until it serves. */
export function startBffProcess(
  env: Record<string, string>,
  options: { quiet?: boolean; timeoutMs?: number } = {},
): Promise<BffProcess> {
  const flags = (process.env.BFF_NODE_FLAGS ?? BFF_NODE_FLAGS).split(' ').filter((flag) => flag !== '');
  return startService(
    'the BFF',
    [...flags, BFF_MAIN],
    { LOG_LEVEL: 'warn', ...env },
    /mdm-console is serving at (http:\/\/\S+)/,
    options,
  );
}
