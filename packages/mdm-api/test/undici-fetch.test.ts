import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { undiciFetch } from '../src/client/undici-fetch.ts';
import { MdmClient, VendorApiError } from '../src/index.ts';

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real HTTP server on loopback whose answers the tests choose by path. */
const routes: Record<string, Route> = {
  '/echo': (req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-seen', 'one');
    res.appendHeader('set-cookie', ['a=1', 'b=2']);
    res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null, body }));
  },
  '/text': (_req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ name: 'Chloe’s Mac', emoji: '📱' }));
  },
  '/refused': (_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: { fieldErrors: [{ field: 'pin', message: 'too short' }] }, result: null }));
  },
  '/empty': (_req, res) => {
    res.statusCode = 204;
    res.end();
  },
  '/dropped': (_req, res) => {
    res.setHeader('content-length', '100000');
    res.write('{"partial":');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  '/slow': (_req, res) => {
    setTimeout(() => res.end('{}'), 2_000);
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the undici fetch under ky', () => {
  const fetchFn = undiciFetch();

  it('when a request has headers and a form body, then they arrive and status, headers and body come back', async () => {
    const response = await fetchFn(`${base}/echo`, {
      method: 'PUT',
      headers: { authorization: 'Basic abc', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reason: 'lost' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen')).toBe('one');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ method: 'PUT', authorization: 'Basic abc', body: 'reason=lost' });
  });

  it('when the answer has a UTF-8 body, then every way of reading it gives the same text, once or after a clone', async () => {
    const response = await fetchFn(`${base}/text`);
    const expected = JSON.stringify({ name: 'Chloe’s Mac', emoji: '📱' });
    expect(await response.clone().text()).toBe(expected);
    expect(await response.clone().json()).toEqual({ name: 'Chloe’s Mac', emoji: '📱' });
    expect(new TextDecoder().decode(await response.clone().arrayBuffer())).toBe(expected);
    expect(new TextDecoder().decode(await response.clone().bytes())).toBe(expected);
    const blob = await response.clone().blob();
    expect(blob.type).toBe('application/json; charset=utf-8');
    expect(await blob.text()).toBe(expected);
    expect(await response.text()).toBe(expected);
  });

  it('when an answer comes in many chunks and begins with a byte-order mark, then text() drops the mark as fetch does and bytes() keep it', async () => {
    const part = 'é'.repeat(40_000);
    routes['/chunked'] = (_req, res) => {
      res.write(Buffer.from([0xef, 0xbb, 0xbf]));
      for (let k = 0; k < 5; k += 1) res.write(part);
      res.end();
    };
    const expected = part.repeat(5);
    const response = await fetchFn(`${base}/chunked`);
    const reference = await fetch(`${base}/chunked`);
    expect(await response.clone().text()).toBe(expected);
    expect(await reference.clone().text()).toBe(expected);
    expect(Buffer.from(await response.clone().bytes())).toEqual(Buffer.from(await reference.bytes()));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(expected)]),
    );
  });

  it('when the answer is not JSON, then json() rejects and text() still gives it', async () => {
    routes['/plain'] = (_req, res) => res.end('not json');
    const response = await fetchFn(`${base}/plain`);
    await expect(response.clone().json()).rejects.toThrow(SyntaxError);
    expect(await response.text()).toBe('not json');
  });

  it('when the answer has no body (204), then the response has none', async () => {
    const response = await fetchFn(`${base}/empty`);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('when nothing listens, then it fails as fetch does: a TypeError whose cause says the connection was refused', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const error: unknown = await fetchFn(`http://127.0.0.1:${String(port)}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(JSON.stringify((error as TypeError).cause, ['code'])).toContain('ECONNREFUSED');
  });

  it('when the request is aborted, then it rejects with the signal’s reason', async () => {
    const controller = new AbortController();
    const pending = fetchFn(`${base}/slow`, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('the vendor client over the undici fetch, against a real server', () => {
  /** The VendorApiError of a call to `path`, answered by the server's route `route`. */
  async function failureOf(method: 'GET' | 'PUT', path: string, route: string): Promise<VendorApiError> {
    routes[`/${path}`] = routes[route] ?? (() => undefined);
    // Built per call: the server's address is known only once it listens.
    const client = new MdmClient({ baseUrl: base, username: 'u', password: 'p', retryLimit: 0, timeoutMs: 500 });
    const error: unknown = await client.transport.call(method, path, {}, z.unknown()).catch((e: unknown) => e);
    if (!(error instanceof VendorApiError)) throw new Error(`expected a VendorApiError, got ${String(error)}`);
    return error;
  }

  it('when the connection drops in the middle of an action’s answer, then the failure is a network error that may have acted', async () => {
    const error = await failureOf('PUT', 'api/v1/device/lock', '/dropped');
    expect(error.kind).toBe('network');
    expect(error.ambiguous).toBe(true);
  });

  it('when the tenant refuses a parameter, then the error keeps its fieldErrors read from the body', async () => {
    const error = await failureOf('PUT', 'api/v1/device/refuse', '/refused');
    expect(error.kind).toBe('bad-request');
    expect(error.fieldErrors).toEqual([{ field: 'pin', message: 'too short' }]);
  });

  it('when the tenant is slower than the timeout, then the failure is a timeout', async () => {
    const error = await failureOf('GET', 'api/v1/device/slow', '/slow');
    expect(error.kind).toBe('timeout');
  });
});
