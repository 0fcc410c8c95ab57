import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './packages/devkit/src/chromium.ts';
import { DEMO_PORTS } from './packages/devkit/src/dev-tenant.ts';

const PORT = Number(process.env.E2E_PORT ?? DEMO_PORTS.e2e);

// End-to-end tests run in Debian's Chromium (Playwright cannot download its own here), against the real BFF and the
// simulated tenant, both started by packages/devkit/src/e2e-stack.ts.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  webServer: {
    command: 'node packages/devkit/src/e2e-stack.ts',
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
