import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/http/context.ts';
import { startBff, type RunningBff } from '../src/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'mdm-web-'));
const INLINE_SCRIPT = 'globalThis.firstRequests = [];';
const INLINE_STYLE = 'body{margin:0}';
const BIG_SCRIPT = Array.from({ length: 2000 }, (_, k) => `export const value${String(k)} = ${String(k)};`).join('\n');
let bff: RunningBff;

beforeAll(async () => {
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(
    join(dist, 'index.html'),
    `<!doctype html><script>${INLINE_SCRIPT}</script><title>mdm-console</title><style>${INLINE_STYLE}</style><script type="module" src="/assets/app-3f9a.js"></script>`,
  );
  writeFileSync(join(dist, 'assets', 'app-3f9a.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'vendor-77c1.js'), BIG_SCRIPT);
  // The vendor is never called here: a closed port stands for it.
  const config = loadConfig({
    MDM_BASE_URL: 'http://127.0.0.1:9',
    MDM_USERNAME: 'u',
    MDM_PASSWORD: 'p',
    DATABASE_URL: join(dir, 'db.sqlite'),
    PORT: '0',
  });
  bff = await startBff(config, { logger: createLogger('silent'), webDist: dist });
});
afterAll(async () => {
  await bff.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the built SPA', () => {
  it('when a hashed asset is fetched, then it is cached for a year', async () => {
    const response = await fetch(`${bff.url}/assets/app-3f9a.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('when the browser accepts gzip or brotli, then a script comes compressed, and reads the same', async () => {
    for (const encoding of ['gzip', 'br']) {
      const response = await fetch(`${bff.url}/assets/vendor-77c1.js`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toContain('Accept-Encoding');
      expect(await response.text()).toBe(BIG_SCRIPT);
    }
    const plain = await fetch(`${bff.url}/assets/vendor-77c1.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(BIG_SCRIPT);
  });

  it('when any page of the app is opened, then index.html comes back, never cached', async () => {
    for (const path of ['/', '/devices', '/devices/22001?tab=configs', '/helpdesk']) {
      const response = await fetch(`${bff.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>mdm-console</title>');
    }
  });

  it('when the page is served, then its CSP allows its own inline script and style by hash, and no other', async () => {
    const response = await fetch(`${bff.url}/devices`);
    const hashOf = (text: string) => createHash('sha256').update(text).digest('base64');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(/script-src ([^;]*)/.exec(policy)?.[1]).toBe(`'self' 'sha256-${hashOf(INLINE_SCRIPT)}'`);
    expect(/style-src ([^;]*)/.exec(policy)?.[1]).toBe(`'self' 'sha256-${hashOf(INLINE_STYLE)}'`);
    const page = await response.text();
    expect(page).toContain(`<script>${INLINE_SCRIPT}</script>`);
    expect(page).toContain(`<style>${INLINE_STYLE}</style>`);
  });

  it('when an unknown API call is made, then 404 JSON, not the app', async () => {
    const response = await fetch(`${bff.url}/api/nothing`, { headers: { 'x-csrf': '1' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('when the tenant is unreachable, then readyz says so and healthz still answers', async () => {
    expect((await fetch(`${bff.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bff.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, store: true, vendor: false });
  });
});
