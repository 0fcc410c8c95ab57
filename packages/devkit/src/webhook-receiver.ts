import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** Where the console posts: http://127.0.0.1:<port>/hooks */
  url: string;
  /** The events received so far, by type. */
  received: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on loopback for the demo and the end-to-end tests: it answers 204 to every delivery and counts
 * them, so that the Webhooks page has real deliveries to show.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const event = String(req.headers['x-mdm-console-event'] ?? 'unknown');
      received.set(event, (received.get(event) ?? 0) + 1);
      res.statusCode = 204;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hooks`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
