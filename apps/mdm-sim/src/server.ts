import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimApp } from './http/app.ts';
import type { SimSettings } from './settings.ts';
import { Simulator } from './simulator.ts';

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  sim: Simulator;
  server: Server;
  close(): Promise<void>;
}

/** Generates the tenant and serves it; port 0 picks a free port. */
export async function startSimulator(settings: SimSettings): Promise<RunningSimulator> {
  const sim = new Simulator(settings);
  // Real clients send brackets and quotes unencoded: accept what browsers and curl put on the wire.
  const server = createServer({ insecureHTTPParser: true, keepAliveTimeout: 65_000 }, createSimApp(sim));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    sim,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        sim.steps.cancelAll();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
