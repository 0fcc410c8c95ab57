// Runs on whatever Node the machine has (possibly older than the project's), before dependencies exist:
// plain JavaScript, Node built-ins only.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const lockFile = join(root, 'package-lock.json');
// npm writes this after every install: what it actually put in node_modules.
const installedFile = join(root, 'node_modules', '.package-lock.json');

const packagesOf = (file) => JSON.parse(readFileSync(file, 'utf8')).packages ?? {};

/** Whether npm's record of node_modules has every package of the lock file at its version. */
function installed() {
  if (!existsSync(lockFile) || !existsSync(installedFile)) return false;
  const wanted = packagesOf(lockFile);
  const present = packagesOf(installedFile);
  return Object.entries(wanted).every(([path, entry]) => {
    if (!path.startsWith('node_modules/')) return true;
    const have = present[path];
    // Optional packages for other platforms (native bindings) are never installed here.
    if (have === undefined) return entry.optional === true;
    return entry.link === true ? have.link === true : have.version === entry.version;
  });
}

if (!installed()) {
  const args = existsSync(lockFile) ? ['ci'] : ['install'];
  console.log(`Installing dependencies (npm ${args[0]})…`);
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Dependency installation failed.');
    process.exit(result.status ?? 1);
  }
}
