import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_ROLE_MAP, DEMO_SSO_USERS } from '@mdm-console/contract';
import type { Logger } from 'pino';
import { createServices, type Services } from './composition.ts';
import { parseRoleMap, type Config } from './config.ts';
import { startDemoIdentityProvider, type DemoIdentityProvider } from './demo/identity-provider.ts';
import type { Clock } from './domain/clock.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './http/context.ts';
import { startMetricsServer } from './observability/metrics-server.ts';
import { Metrics } from './observability/metrics.ts';
import { openStore, type Store } from './store/db.ts';
import { Vendor } from './upstream/vendor.ts';

export interface RunningBff {
  url: string;
  server: Server;
  store: Store;
  services: Services;
  logger: Logger;
  /** GET /metrics on its own listener, when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** The demo OpenID provider's URL, when demo mode started one. */
  demoIdentityProviderUrl: string | undefined;
  close(): Promise<void>;
}

/** How long answers under way may take to finish when the server closes. */
const CLOSE_GRACE_MS = 3_000;

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Opens the store (migrating it), builds the services and the app, and listens; port 0 picks a free port. */
export async function startBff(
  config: Config,
  options: { logger?: Logger; clock?: Clock; webDist?: string } = {},
): Promise<RunningBff> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const opening = performance.now();
  const store = await openStore(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onConnectionError: (error) => {
      logger.warn({ err: error }, 'a database connection failed; it will be replaced');
    },
    onQuery: (seconds) => {
      metrics.storeQuery(seconds);
    },
  });
  metrics.storeOpened((performance.now() - opening) / 1000);
  const vendor = new Vendor(config.mdm, {
    budget: store.vendorBudget({
      maxInFlight: config.mdm.maxInFlight,
      maxPerSecond: config.mdm.maxPerSecond,
      longestRequestMs: config.mdm.timeoutMs,
    }),
    onAttempt: (attempt) => {
      metrics.vendorAttempt(attempt);
    },
    changes: store.tenantChanges,
    ...(store.sharedAnswers ? { shared: store.sharedAnswers } : {}),
  });
  // Demo mode shows single sign-on too: a small OpenID provider of its own, unless a real one is set up.
  let demoProvider: DemoIdentityProvider | undefined;
  const demoClient = { clientId: 'mdm-console-demo', clientSecret: randomBytes(24).toString('base64url') };
  if (config.demoMode && config.oidc === undefined) {
    demoProvider = await startDemoIdentityProvider({
      host: '127.0.0.1',
      people: DEMO_SSO_USERS,
      password: DEMO_PASSWORD,
    });
    config = {
      ...config,
      oidc: {
        issuerUrl: demoProvider.issuer,
        ...demoClient,
        providerName: 'the demo provider',
        groupsClaim: 'groups',
        scopes: 'openid email profile',
        roleMap: parseRoleMap(DEMO_ROLE_MAP),
      },
    };
  }
  let publicUrl = config.publicUrl;
  const services = createServices({
    config,
    store,
    vendor,
    logger,
    clock: options.clock ?? Date.now,
    metrics,
    publicUrl: () => publicUrl ?? '',
  });
  const built = createApp({ config, store, services, metrics, logger, webDist: options.webDist ?? WEB_DIST });
  if (config.demoMode)
    for (const { email, role, spaces } of DEMO_ACCOUNTS)
      await services.accounts.ensure(email, DEMO_PASSWORD, [{ role, spaces: spaces === 'all' ? spaces : [...spaces] }]);
  const server = createServer({ headersTimeout: 30_000, requestTimeout: 60_000, keepAliveTimeout: 65_000 }, built.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const metricsServer =
    config.metrics.port === undefined
      ? undefined
      : await startMetricsServer(metrics, config.metrics.host, config.metrics.port);
  services.runner.start();
  services.webhookDispatcher.start();
  const address = server.address() as AddressInfo;
  const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${host}:${String(address.port)}`;
  publicUrl ??= url;
  demoProvider?.configure([{ ...demoClient, publicUrl }]);
  return {
    url,
    demoIdentityProviderUrl: demoProvider?.issuer,
    server,
    store,
    services,
    logger,
    metricsUrl: metricsServer?.url,
    close: async () => {
      await metricsServer?.close();
      built.stopServing();
      await services.runner.stop();
      await services.webhookDispatcher.stop();
      await new Promise<void>((resolve) => {
        // Answers under way get a moment to finish; then every connection is closed. Node may count a keep-alive
        // connection as busy after a browser dropped another request (a cancelled export), which would otherwise
        // hold the close for the 60 s request timeout.
        const cutOff = setTimeout(() => {
          server.closeAllConnections();
        }, CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        server.closeIdleConnections();
      });
      await store.close();
      await demoProvider?.close();
    },
  };
}
