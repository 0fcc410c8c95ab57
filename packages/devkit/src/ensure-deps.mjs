// Runs on whatever Node the machine has (possibly older than the project's), before dependencies exist:
// plain JavaScript, Node built-ins only.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const lockFile = join(root, 'package-lock.json');
const stampFile = join(root, 'node_modules', '.mdm-console-install-stamp');

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of [join(root, 'package.json'), lockFile]) {
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const wanted = fingerprint();
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (installed !== wanted) {
  const args = existsSync(lockFile) ? ['ci'] : ['install'];
  console.log(`Installing dependencies (npm ${args[0]})…`);
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Dependency installation failed.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, fingerprint());
}
