import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBffProcess, type BffProcess } from '@mdm-console/devkit/bff-process';
import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { WEBHOOK_HEADERS } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/domain/webhooks/webhook-signature.ts';
import { signedIn, waitForJob } from './harness.ts';

const SECRET = 'a-webhook-secret-of-some-length';

let dir: string;
let sim: SimProcess;
let bff: BffProcess;
const received: { url: string; body: string; signature: string }[] = [];
const servers: Server[] = [];

/** A self-signed certificate for 127.0.0.1, as a receiver inside a company might have. */
function certificate(name: string): { key: string; cert: string } {
  const key = join(dir, `${name}-key.pem`);
  const cert = join(dir, `${name}-cert.pem`);
  const made = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
  ]);
  if (made.status !== 0) throw new Error(`openssl: ${String(made.stderr)}`);
  return { key, cert };
}

/** An https receiver answering 204 to every delivery; answers its URL. */
async function httpsReceiver(files: { key: string; cert: string }, path: string): Promise<string> {
  const server = createServer({ key: readFileSync(files.key), cert: readFileSync(files.cert) }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        body,
        signature: String(req.headers[WEBHOOK_HEADERS.signature.toLowerCase()]),
      });
      res.statusCode = 204;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `https://127.0.0.1:${String((server.address() as AddressInfo).port)}${path}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mdm-webhooks-tls-'));
  const trusted = certificate('trusted');
  const trustedUrl = await httpsReceiver(trusted, '/trusted');
  const strangerUrl = await httpsReceiver(certificate('stranger'), '/stranger');
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '200', SIM_ACTION_DELAY_MS: '10' }, { quiet: true });
  bff = await startBffProcess(
    {
      ...tenantSettings(sim.url),
      DATABASE_URL: join(dir, 'console.sqlite'),
      PORT: '0',
      DEMO_MODE: 'true',
      JOB_UNDO_SECONDS: '0',
      WEBHOOK_URLS: `${trustedUrl},${strangerUrl}`,
      WEBHOOK_SECRET: SECRET,
      // The company's own certificate authority, as an installation adds it: the other receiver's is unknown.
      NODE_EXTRA_CA_CERTS: trusted.cert,
    },
    { quiet: true },
  );
});

afterAll(async () => {
  await bff.stop();
  await sim.stop();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('webhooks over https', () => {
  it('when a receiver has a certificate the machine trusts, then it gets the event; one it cannot verify gets nothing', async () => {
    const admin = await signedIn(bff.url, 'admin@demo.local');
    const page = await admin.searchDevices({ query: { f: ['registrationState:ACTIVE'], size: 1 } });
    const created = await admin.createJob({
      body: { action: 'lock', params: {}, target: { ids: page.rows.map((row) => row.id) } },
    });
    const draft = await waitForJob(admin, created.id, ['draft']);
    await admin.confirmJob({ params: { id: draft.id }, body: {} });
    await waitForJob(admin, draft.id, ['completed']);
    const deadline = Date.now() + 15_000;
    while (!received.some((request) => request.body.includes(draft.id)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const delivered = received.filter((request) => request.body.includes(draft.id));
    expect(delivered.map((request) => request.url)).toEqual(['/trusted']);
    expect(verifySignature(SECRET, delivered[0]?.body ?? '', delivered[0]?.signature ?? '', Date.now() / 1000)).toBe(
      true,
    );
    const { deliveries } = await admin.listWebhookDeliveries({ query: { state: 'pending' } });
    const refused = deliveries.find((delivery) => delivery.jobId === draft.id);
    expect(refused?.receiver).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/stranger$/);
    expect(refused?.lastStatus).toBeNull();
    expect(refused?.lastError).toMatch(/certificate/i);
  });
});
