import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './domain/sessions.ts';
import { createApp, type App } from './http/app.ts';
import { createLogger } from './http/context.ts';
import { openStore, type Store } from './store/db.ts';
import { Vendor } from './upstream/vendor.ts';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.local', role: 'admin' },
  // A second administrator, to approve what the first one requests above the threshold.
  { email: 'approver@demo.local', role: 'admin' },
  { email: 'helpdesk@demo.local', role: 'helpdesk' },
  { email: 'viewer@demo.local', role: 'viewer' },
] as const;
export const DEMO_PASSWORD = 'mdm-console-demo';

export interface RunningBff extends App {
  url: string;
  server: Server;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Opens the store (migrating it), builds the app and listens; port 0 picks a free port. */
export async function startBff(
  config: Config,
  options: { logger?: Logger; clock?: Clock; webDist?: string } = {},
): Promise<RunningBff> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore(config.databaseUrl);
  const vendor = new Vendor(config.mdm);
  const built = createApp({
    config,
    store,
    vendor,
    logger,
    webDist: options.webDist ?? WEB_DIST,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (config.demoMode)
    for (const account of DEMO_ACCOUNTS) await built.accounts.ensure(account.email, DEMO_PASSWORD, account.role);
  const server = createServer({ headersTimeout: 30_000, requestTimeout: 60_000, keepAliveTimeout: 65_000 }, built.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  built.runner.start();
  const address = server.address() as AddressInfo;
  const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    ...built,
    url: `http://${host}:${String(address.port)}`,
    server,
    store,
    logger,
    close: async () => {
      built.stopServing();
      await built.runner.stop();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeIdleConnections();
      });
      await store.close();
    },
  };
}
