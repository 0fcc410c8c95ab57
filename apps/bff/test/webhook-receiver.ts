import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_HEADERS } from '@mdm-console/contract';

/** The receiver's path carries a token, as chat webhooks do: the delivery log must not show it. */
export const TOKEN_PATH = '/hooks/T0KEN-4-the-receiver';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP receiver: it answers 500 to the next `failures` requests, and 503 to all while `down`. */
export class Receiver {
  readonly requests: Received[] = [];
  failures = 0;
  down = false;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const failing = this.down || this.failures > 0;
        if (this.failures > 0) this.failures -= 1;
        const status = failing ? (this.down ? 503 : 500) : 204;
        this.requests.push({ headers: req.headers, body, status });
        res.statusCode = status;
        res.end();
      });
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}${TOKEN_PATH}`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  /** The requests of one event (every attempt of its delivery). */
  about(jobId: string, event: string): Received[] {
    return this.requests.filter(
      (request) => request.headers[WEBHOOK_HEADERS.event.toLowerCase()] === event && request.body.includes(jobId),
    );
  }

  async until(test: () => boolean, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline)
        throw new Error(`the receiver did not get what was awaited; it got ${String(this.requests.length)} requests`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
