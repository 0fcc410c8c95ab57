import type { JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, importJWK, SignJWT, type JWTPayload } from 'jose';

/** How the proxy falsifies the ID token the provider issues (signed again with the provider's own key). */
export type Tamper = 'none' | 'nonce' | 'audience' | 'issuer' | 'expired';

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function forwardHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers))
    if (!HOP_HEADERS.has(name) && value !== undefined)
      for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  return out;
}

function falsify(payload: JWTPayload, mode: Tamper, issuer: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...payload, iss: issuer };
  switch (mode) {
    case 'nonce':
      return { ...claims, nonce: 'a-nonce-this-sign-in-never-sent' };
    case 'audience':
      return { ...claims, aud: 'another-application' };
    case 'issuer':
      return { ...claims, iss: 'https://another-provider.example' };
    case 'expired':
      return { ...claims, iat: now - 7200, exp: now - 3600 };
    case 'none':
      return claims;
  }
}

/**
 * A real OpenID provider seen through a proxy that can falsify its tokens: every URL of the provider is rewritten to
 * the proxy's, and the token endpoint's ID token is changed as `mode` says and signed again with the provider's key.
 * The console under test is pointed at the proxy as at any provider.
 */
export async function startTamperingProxy(target: string, signingKey: JsonWebKey) {
  const key = await importJWK(signingKey, 'RS256');
  const kid = typeof signingKey.kid === 'string' ? signingKey.kid : '';
  const state = { mode: 'none' as Tamper, url: '' };
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: forwardHeaders(req.headers),
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        redirect: 'manual',
      });
      const headers: Record<string, string | string[]> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'set-cookie'].includes(name))
          headers[name] =
            name === 'location'
              ? value
                  .replaceAll(target, state.url)
                  .replaceAll(encodeURIComponent(target), encodeURIComponent(state.url))
              : value;
      });
      const cookies = upstream.headers.getSetCookie();
      if (cookies.length > 0) headers['set-cookie'] = cookies;
      let body = Buffer.from(await upstream.arrayBuffer());
      const type = upstream.headers.get('content-type') ?? '';
      if (type.includes('html')) body = Buffer.from(body.toString('utf8').replaceAll(target, state.url));
      if (type.includes('json')) {
        const json: unknown = JSON.parse(body.toString('utf8').replaceAll(target, state.url));
        if (typeof json === 'object' && json !== null && 'id_token' in json && typeof json.id_token === 'string') {
          const claims = falsify(decodeJwt(json.id_token), state.mode, state.url);
          const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
          body = Buffer.from(JSON.stringify({ ...json, id_token: idToken }));
        } else body = Buffer.from(JSON.stringify(json));
      }
      res.writeHead(upstream.status, headers);
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url: state.url,
    setMode(mode: Tamper): void {
      state.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
