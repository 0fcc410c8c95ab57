import { startSimulator } from './server.ts';
import { readSettings, SettingsError } from './settings.ts';

async function main(): Promise<void> {
  let settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const began = performance.now();
  const running = await startSimulator(settings);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  console.log(
    `mdm-sim: ${running.sim.tenant.devices.count} devices (seed ${settings.seed}) ready in ${seconds} s at ${running.url}`,
  );
  console.log(`  admin API user:     ${settings.adminUser} / ${settings.adminPassword}`);
  console.log(`  read-only API user: ${settings.readonlyUser} / ${settings.readonlyPassword}`);
  console.log(`  try: curl -u ${settings.adminUser}:${settings.adminPassword} '${running.url}/api/v1/device?rows=2'`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
