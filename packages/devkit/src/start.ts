import { startSimProcess } from './sim-process.ts';

// `npm start`: the demo. It starts the simulated tenant (the console's BFF and SPA are put in front of it as they land).

const sim = await startSimProcess({
  SIM_PORT: process.env.SIM_PORT ?? '4010',
  SIM_DEVICES: process.env.SIM_DEVICES ?? '5000',
});
console.log(`\nmdm-console demo: a simulated Ivanti Neurons for MDM tenant is serving at ${sim.url}`);
console.log('Press Ctrl+C to stop.');

const stop = (): void => {
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
sim.child.once('exit', (code) => {
  process.exit(code ?? 1);
});
