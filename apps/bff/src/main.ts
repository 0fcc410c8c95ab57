import { ConfigError, loadConfig } from './config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, startBff } from './server.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const bff = await startBff(config);
bff.logger.info({ url: bff.url, store: bff.store.kind, demo: config.demoMode }, 'mdm-console is serving');
console.log(`\nmdm-console is serving at ${bff.url}`);
if (config.demoMode) {
  console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(22)} ${account.role}`);
}

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  bff.logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  void bff.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => {
  shutdown('SIGTERM');
});
process.on('SIGINT', () => {
  shutdown('SIGINT');
});
process.on('unhandledRejection', (reason) => {
  bff.logger.error({ err: reason }, 'unhandled rejection');
});
