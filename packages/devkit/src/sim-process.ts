import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIM_MAIN = fileURLToPath(new URL('../../../apps/mdm-sim/src/main.ts', import.meta.url));

export interface SimProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first successful health check. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Resident and peak memory of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Starts the simulator as its own process (as `npm run sim` does) and waits until it answers. */
export async function startSimProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number; quiet?: boolean } = {},
): Promise<SimProcess> {
  const began = performance.now();
  const child = spawn(process.execPath, [SIM_MAIN], {
    env: { ...process.env, SIM_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('the simulator did not start in time'));
    }, options.timeoutMs ?? 180_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!options.quiet) process.stdout.write(chunk);
      const match = /ready in [\d.]+ s at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with ${String(code)}`));
    });
  });
  const readyMs = performance.now() - began;
  return {
    url,
    child,
    readyMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
