import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoStack } from './demo-stack.ts';
import { DEMO_PORTS } from './dev-tenant.ts';

// The whole console for the end-to-end tests: the built SPA, the BFF with demo accounts and a fresh store, and a
// simulated tenant, all on loopback. Playwright starts it (webServer) and stops it with SIGTERM.

export const E2E_PORT = Number(process.env.E2E_PORT ?? DEMO_PORTS.e2e);

const dataDir = mkdtempSync(join(tmpdir(), 'mdm-console-e2e-'));
const stack = await startDemoStack({
  devices: Number(process.env.E2E_DEVICES ?? '3000'),
  seed: '424242',
  simPort: '0',
  bffHost: '127.0.0.1',
  bffPort: String(E2E_PORT),
  databaseUrl: join(dataDir, 'e2e.sqlite'),
  bffEnv: { JOB_UNDO_SECONDS: '3', JOB_FOLLOW_POLL_MS: '500' },
});
console.log(`e2e stack ready at ${stack.bff.url}`);

const stop = (): void => {
  void stack.stop().then(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
