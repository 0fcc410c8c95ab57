import { fileURLToPath } from 'node:url';
import { startService, type ServiceProcess } from './child-process.ts';

const BFF_MAIN = fileURLToPath(new URL('../../../apps/bff/src/main.ts', import.meta.url));

export type BffProcess = ServiceProcess;

/** Starts the BFF as its own process and waits until it serves. */
export function startBffProcess(
  env: Record<string, string>,
  options: { quiet?: boolean; timeoutMs?: number } = {},
): Promise<BffProcess> {
  // A smaller young generation keeps the BFF's memory nearer its working set under load.
  return startService(
    'the BFF',
    ['--max-semi-space-size=8', BFF_MAIN],
    { LOG_LEVEL: 'warn', ...env },
    /mdm-console is serving at (http:\/\/\S+)/,
    options,
  );
}
