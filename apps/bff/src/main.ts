import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SSO_USERS } from '@mdm-console/contract';
import { ConfigError, loadConfig } from './config.ts';
import { startBff } from './server.ts';

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
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(26)} ${account.role}: ${account.purpose}`);
  if (bff.demoIdentityProviderUrl !== undefined) {
    console.log(`Or "Sign in with the demo provider" (${bff.demoIdentityProviderUrl}), same password:`);
    for (const person of DEMO_SSO_USERS)
      console.log(`  ${person.email.padEnd(26)} groups: ${person.groups.join(', ')}`);
  }
}

let stopping = false;
/** Stops taking requests, lets jobs reach a safe point and closes the store; forced after 10 s. */
const shutdown = (reason: string, exitCode: number): void => {
  if (stopping) return;
  stopping = true;
  bff.logger.info({ reason }, 'shutting down');
  const force = setTimeout(() => process.exit(exitCode === 0 ? 1 : exitCode), 10_000);
  force.unref();
  void bff.close().then(
    () => process.exit(exitCode),
    (error: unknown) => {
      bff.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => {
  shutdown('SIGTERM', 0);
});
process.on('SIGINT', () => {
  shutdown('SIGINT', 0);
});
// A bug escaped every handler: the process state is unknown, so it is logged and the process stops cleanly (its jobs
// resume from the database in this or another process) rather than serve on in a broken state.
process.on('uncaughtException', (error) => {
  bff.logger.fatal({ err: error }, 'uncaught exception');
  shutdown('uncaughtException', 1);
});
process.on('unhandledRejection', (reason) => {
  bff.logger.fatal({ err: reason }, 'unhandled rejection');
  shutdown('unhandledRejection', 1);
});
