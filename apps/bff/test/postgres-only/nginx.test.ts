import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBffWithMetrics, type BffWithMetrics } from '@mdm-console/devkit/bff-process';
import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startNginx, type NginxServer } from '@mdm-console/devkit/nginx';
import { freePort } from '@mdm-console/devkit/free-port';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { DEMO_PASSWORD } from '@mdm-console/contract';
import { Agent, fetch as tlsFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

const SITE = fileURLToPath(new URL('../../../../deploy/nginx/mdm-console.conf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mdm-nginx-'));
let database: TestDatabase;
let sim: SimProcess;
let nginx: NginxServer;
const bffs: BffWithMetrics[] = [];
let https = '';
let http = '';
let agent: Agent;

beforeAll(async () => {
  database = await freshDatabase();
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '1500' }, { quiet: true });
  const ports: number[] = [];
  for (let k = 0; k < 2; k += 1) {
    const port = await freePort();
    ports.push(port);
    bffs.push(
      await startBffWithMetrics(
        {
          ...tenantSettings(sim.url),
          DATABASE_URL: database.url,
          HOST: '127.0.0.1',
          PORT: String(port),
          TRUST_PROXY: 'loopback',
          DEMO_MODE: 'true',
          JOB_UNDO_SECONDS: '0',
        },
        { quiet: true },
      ),
    );
  }
  const cert = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
  ]);
  if (cert.status !== 0) throw new Error(`openssl: ${String(cert.stderr)}`);
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  // The README's configuration itself, with this test's ports and certificate.
  const site = readFileSync(SITE, 'utf8')
    .replace('127.0.0.1:8081', `127.0.0.1:${String(ports[0])}`)
    .replace('127.0.0.1:8082', `127.0.0.1:${String(ports[1])}`)
    .replace('listen 443 ssl', `listen 127.0.0.1:${String(tlsPort)} ssl`)
    .replace('listen 80;', `listen 127.0.0.1:${String(plainPort)};`)
    .replace('/etc/ssl/mdm-console/fullchain.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/mdm-console/privkey.pem', join(dir, 'key.pem'));
  nginx = startNginx(dir, site);
  https = `https://127.0.0.1:${String(tlsPort)}`;
  http = `http://127.0.0.1:${String(plainPort)}`;
  agent = new Agent({ connect: { ca: readFileSync(join(dir, 'cert.pem')) } });
}, 120_000);
afterAll(async () => {
  nginx.stop();
  for (const bff of bffs) if (bff.process.child.exitCode === null) await bff.process.stop();
  await sim.stop();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const viaProxy = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  tlsFetch(`${https}${path}`, { ...init, dispatcher: agent, redirect: 'manual' });

async function sessionAnswers(cookie: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let k = 0; k < 10; k += 1)
    statuses.push((await viaProxy('/api/session', { headers: { cookie, 'x-csrf': '1' } })).status);
  return statuses;
}

describe('two processes behind nginx with TLS (deploy/nginx/mdm-console.conf)', () => {
  it('when a browser signs in and works through the proxy, then both processes answer it, with no sticky session', async () => {
    // Plain HTTP is sent to HTTPS (the standard port of the real deployment).
    expect((await tlsFetch(`${http}/devices`, { redirect: 'manual' })).headers.get('location')).toBe(
      'https://127.0.0.1/devices',
    );
    const login = await viaProxy('/api/session', {
      method: 'POST',
      headers: { 'x-csrf': '1', 'content-type': 'application/json', origin: https },
      body: JSON.stringify({ email: 'admin@demo.local', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(await sessionAnswers(cookie)).toEqual(Array.from({ length: 10 }, () => 200));
    for (const bff of bffs) {
      const text = await (await fetch(bff.metrics)).text();
      expect(text, bff.metrics).toMatch(
        /http_requests_total\{method="GET",route="\/api\/session",status="200"\} [1-9]/,
      );
    }

    // Job progress streams through the proxy as it happens.
    const job = (await (
      await viaProxy('/api/jobs', {
        method: 'POST',
        headers: { cookie, 'x-csrf': '1', 'content-type': 'application/json', origin: https },
        body: JSON.stringify({ action: 'forceCheckin', params: {}, target: { ids: [22001] } }),
      })
    ).json()) as { id: string };
    const events = await viaProxy(`/api/jobs/${job.id}/events`, { headers: { cookie, 'x-csrf': '1' } });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = events.body?.getReader();
    const first = await Promise.race([
      reader?.read(),
      new Promise((resolve) => setTimeout(resolve, 5_000, 'nothing within 5 s')),
    ]);
    expect(first).toMatchObject({ done: false });
    await reader?.cancel();

    // One process goes away (a rolling restart): the proxy sends everything to the other.
    await bffs[0]?.process.stop();
    expect(await sessionAnswers(cookie)).toEqual(Array.from({ length: 10 }, () => 200));
  }, 60_000);
});
