import { startDemoStack } from './demo-stack.ts';
import { DEMO_PORTS } from './dev-tenant.ts';

// `npm start`: the demo. A simulated tenant, and the console in front of it talking to it over HTTP as to a real one.

const {
  sim,
  bff,
  receiver,
  stop: stopStack,
} = await startDemoStack({
  devices: Number(process.env.SIM_DEVICES ?? '5000'),
  simPort: process.env.SIM_PORT ?? String(DEMO_PORTS.sim),
  bffPort: process.env.PORT ?? String(DEMO_PORTS.bff),
  databaseUrl: process.env.DATABASE_URL ?? './data/demo.sqlite',
});
console.log(
  `\nThe simulated tenant (${process.env.SIM_DEVICES ?? '5000'} devices) is at ${sim.url}; job events go to a webhook` +
    ` receiver at ${receiver.url} (see Webhooks). Press Ctrl+C to stop.`,
);

const stop = (): void => {
  void stopStack().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of [sim.child, bff.child]) {
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) stop();
  });
}
