import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

/** A throwaway PostgreSQL cluster: its own folder, a free loopback port, trust authentication for its superuser. */
export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  urlOf(database: string): string;
  port: number;
  /** Stops the server (fast shutdown: open connections are cut). */
  stop(): void;
  /** Starts it again on the same port and data. */
  start(): void;
  /** Stops it and removes its folder. */
  remove(): void;
  /** Creates an empty database on it. */
  createDatabase(name: string): void;
  /** The server's main process (its connections are its children). */
  serverPid(): number;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

function binDirectory(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  return newest === undefined ? undefined : join(POSTGRES_ROOT, newest, 'bin');
}

function runAsRoot(args: string[]): boolean {
  const asRoot = process.getuid?.() === 0;
  const [command = '', ...rest] = asRoot ? args : ['sudo', '-n', ...args];
  const result = spawnSync(command, rest, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** The server's binaries, installing Debian's `postgresql` when they are absent (the run fails if it cannot). */
export function ensurePostgresInstalled(): string {
  const found = binDirectory();
  if (found) return found;
  console.log('Installing Debian PostgreSQL for the store tests…');
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', 'postgresql'];
  if (!runAsRoot(install)) {
    runAsRoot(['apt-get', 'update']);
    runAsRoot(install);
  }
  const installed = binDirectory();
  if (!installed) throw new Error('PostgreSQL is not installed and could not be: apt-get install -y postgresql');
  return installed;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` account the package creates. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, and there is no postgres account');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Creates and starts a cluster for one test run; `remove()` must be called when the run ends. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = ensurePostgresInstalled();
  const owner = clusterOwner();
  const folder = mkdtempSync(join(tmpdir(), 'mdm-pg-'));
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const data = join(folder, 'data');
  const port = await freePort();
  const options: SpawnSyncOptions = { encoding: 'utf8', ...(owner ?? {}), timeout: 60_000 };
  const run = (tool: string, args: string[]): void => {
    const result = spawnSync(join(bin, tool), args, options);
    if (result.status !== 0) {
      const output = `${String(result.stdout)}${String(result.stderr)}`;
      throw new Error(`${tool} ${args.join(' ')} failed (${String(result.status)}): ${output}`);
    }
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // A test cluster: durability is not what is tested, speed is welcome.
  const serverOptions = [
    `-p ${String(port)}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${folder}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
  };
  const stop = (): void => {
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  start();
  let running = true;
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${String(port)}/${database}`,
    stop: () => {
      stop();
      running = false;
    },
    start: () => {
      start();
      running = true;
    },
    createDatabase: (name) => {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
    },
    serverPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    remove: () => {
      if (running) stop();
      running = false;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
