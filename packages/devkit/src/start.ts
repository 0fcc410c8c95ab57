import { startBffProcess } from './bff-process.ts';
import { startSimProcess } from './sim-process.ts';
import { ensureWebBuild } from './web-build.ts';

// `npm start`: the demo. A simulated tenant, and the console in front of it talking to it over HTTP as to a real one.

ensureWebBuild();

const sim = await startSimProcess(
  { SIM_PORT: process.env.SIM_PORT ?? '4010', SIM_DEVICES: process.env.SIM_DEVICES ?? '5000' },
  { quiet: true },
);
const bff = await startBffProcess({
  MDM_BASE_URL: sim.url,
  MDM_USERNAME: 'tenant-admin',
  MDM_PASSWORD: 'demo-tenant-password',
  DEMO_MODE: 'true',
  PORT: process.env.PORT ?? '8080',
  DATABASE_URL: process.env.DATABASE_URL ?? './data/demo.sqlite',
});
console.log(
  `\nThe simulated tenant (${process.env.SIM_DEVICES ?? '5000'} devices) is at ${sim.url}. Press Ctrl+C to stop.`,
);

const stop = (): void => {
  void Promise.all([bff.stop(), sim.stop()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of [sim.child, bff.child]) {
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) stop();
  });
}
