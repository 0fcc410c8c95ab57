import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startService, type ServiceProcess } from './child-process.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIM_MAIN = fileURLToPath(new URL('../../../apps/mdm-sim/src/main.ts', import.meta.url));

export type SimProcess = ServiceProcess;

/** Resident and peak memory of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Starts the simulator as its own process (as `npm run sim` does) and waits until it answers. */
export function startSimProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number; quiet?: boolean } = {},
): Promise<SimProcess> {
  return startService(
    'the simulator',
    [SIM_MAIN],
    { SIM_HOST: '127.0.0.1', ...env },
    /ready in [\d.]+ s at (http:\/\/\S+)/,
    { timeoutMs: 180_000, ...options },
  );
}
