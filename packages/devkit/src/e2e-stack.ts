import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffProcess } from './bff-process.ts';
import { startSimProcess } from './sim-process.ts';
import { ensureWebBuild } from './web-build.ts';

// The whole console for the end-to-end tests: the built SPA, the BFF with demo accounts and a fresh store, and a
// simulated tenant, all on loopback. Playwright starts it (webServer) and stops it with SIGTERM.

export const E2E_PORT = Number(process.env.E2E_PORT ?? 18080);

ensureWebBuild();
const dataDir = mkdtempSync(join(tmpdir(), 'mdm-console-e2e-'));
const sim = await startSimProcess(
  { SIM_PORT: '0', SIM_DEVICES: process.env.E2E_DEVICES ?? '3000', SIM_SEED: '424242' },
  { quiet: true },
);
const bff = await startBffProcess({
  MDM_BASE_URL: sim.url,
  MDM_USERNAME: 'tenant-admin',
  MDM_PASSWORD: 'demo-tenant-password',
  DEMO_MODE: 'true',
  HOST: '127.0.0.1',
  PORT: String(E2E_PORT),
  DATABASE_URL: join(dataDir, 'e2e.sqlite'),
});
console.log(`e2e stack ready at ${bff.url}`);

const stop = (): void => {
  void Promise.all([bff.stop(), sim.stop()]).then(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
