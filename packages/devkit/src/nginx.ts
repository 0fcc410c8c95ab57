import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NGINX = '/usr/sbin/nginx';

function asRoot(args: string[]): boolean {
  const root = process.getuid?.() === 0;
  const [command = '', ...rest] = root ? args : ['sudo', '-n', ...args];
  return (
    spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0
  );
}

/** Debian's nginx, installed when absent (the package may start its default site: it is stopped again). */
export function ensureNginxInstalled(): string {
  if (existsSync(NGINX)) return NGINX;
  console.log('Installing Debian nginx for the proxy test…');
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', 'nginx'];
  if (!asRoot(install)) {
    asRoot(['apt-get', 'update']);
    asRoot(install);
  }
  if (!existsSync(NGINX)) throw new Error('nginx is not installed and could not be: apt-get install -y nginx');
  if (existsSync('/run/nginx.pid')) spawnSync(NGINX, ['-s', 'quit']);
  return NGINX;
}

export interface NginxServer {
  stop(): void;
}

/** Runs nginx in the foreground-less test mode with `http` (the body of an http block), under `folder`. */
export function startNginx(folder: string, http: string): NginxServer {
  const nginx = ensureNginxInstalled();
  mkdirSync(join(folder, 'logs'), { recursive: true });
  const conf = join(folder, 'nginx.conf');
  const temp = (name: string) => `${name} ${join(folder, name.replace(/_path$/, ''))};`;
  writeFileSync(
    conf,
    [
      `pid ${join(folder, 'nginx.pid')};`,
      `error_log ${join(folder, 'logs', 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${join(folder, 'logs', 'access.log')};`,
      ...['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map(
        (name) => `  ${temp(name)}`,
      ),
      http,
      '}',
    ].join('\n'),
  );
  const run = (args: string[]) => {
    const result = spawnSync(nginx, ['-p', folder, '-c', conf, ...args], { encoding: 'utf8', timeout: 30_000 });
    if (result.status !== 0) throw new Error(`nginx ${args.join(' ')} failed: ${result.stderr}`);
  };
  run(['-t']);
  run([]);
  return {
    stop: () => {
      run(['-s', 'quit']);
    },
  };
}
