// Playwright cannot download its own browser here: the e2e tests use Debian's Chromium, installed when absent.
// Plain JavaScript, Node built-ins only (runs before anything else).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.log('Installing Debian Chromium for the end-to-end tests…');
  const asRoot = process.getuid?.() === 0;
  const run = (args) => {
    const command = asRoot ? args[0] : 'sudo';
    const result = spawnSync(command, asRoot ? args.slice(1) : ['-n', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return result.status === 0;
  };
  if (!run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'])) {
    run(['apt-get', 'update']);
    if (!run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'])) {
      console.error(`Could not install Chromium; install it as root: apt-get install -y chromium (${CHROMIUM}).`);
      process.exit(1);
    }
  }
}
