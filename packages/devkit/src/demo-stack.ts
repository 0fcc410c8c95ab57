import { startBffProcess, type BffProcess } from './bff-process.ts';
import { TENANT_ADMIN } from './dev-tenant.ts';
import { randomBytes } from 'node:crypto';
import { startSimProcess, type SimProcess } from './sim-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
import { ensureWebBuild } from './web-build.ts';

export interface DemoStack {
  sim: SimProcess;
  bff: BffProcess;
  /** Where the console's webhooks go (the Webhooks page shows its deliveries). */
  receiver: WebhookReceiver;
  stop: () => Promise<void>;
}

/**
 * The whole console on this machine: the built SPA, a simulated tenant, the BFF in demo mode (with the demo
 * accounts) talking to it over HTTP as to a real tenant, and a webhook receiver its job events go to. Used by `npm start`, the e2e tests and the web benchmark.
 */
export async function startDemoStack(options: {
  devices: number;
  simPort: string;
  bffPort: string;
  databaseUrl: string;
  seed?: string;
  bffHost?: string;
  /** More BFF settings (e.g. a shorter undo window for the end-to-end tests). */
  bffEnv?: Record<string, string>;
}): Promise<DemoStack> {
  ensureWebBuild();
  const sim = await startSimProcess(
    {
      SIM_PORT: options.simPort,
      SIM_DEVICES: String(options.devices),
      ...(options.seed === undefined ? {} : { SIM_SEED: options.seed }),
    },
    { quiet: true, timeoutMs: 120_000 },
  );
  const receiver = await startWebhookReceiver();
  const bff = await startBffProcess({
    MDM_BASE_URL: sim.url,
    MDM_USERNAME: TENANT_ADMIN.user,
    MDM_PASSWORD: TENANT_ADMIN.password,
    DEMO_MODE: 'true',
    PORT: options.bffPort,
    DATABASE_URL: options.databaseUrl,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
    ...(options.bffHost === undefined ? {} : { HOST: options.bffHost }),
    ...options.bffEnv,
  });
  return {
    sim,
    bff,
    receiver,
    stop: async () => {
      await Promise.all([bff.stop(), sim.stop()]);
      await receiver.close();
    },
  };
}
