import { spawn, type ChildProcess } from 'node:child_process';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the ready line. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `node [...args]` and waits for a line matching `ready` (its first group is the URL); stop() sends SIGTERM
 * and waits for the exit.
 */
export async function startService(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  options: { quiet?: boolean; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name} did not start in time`));
    }, options.timeoutMs ?? 60_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!options.quiet) process.stdout.write(chunk);
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${String(code)}`));
    });
  });
  return {
    url,
    child,
    readyMs: performance.now() - began,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
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
