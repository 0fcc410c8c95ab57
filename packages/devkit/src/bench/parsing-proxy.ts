import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/**
 * The least a BFF can do with a vendor answer, as a yardstick for the BFF overhead: forward the request with the
 * credential, parse the answer and serialize it again. No session, no validation, no mapping, no cache.
 * PROXY_TARGET is the tenant, PROXY_AUTHORIZATION its Authorization header.
 */
const target = process.env.PROXY_TARGET ?? '';
const authorization = process.env.PROXY_AUTHORIZATION ?? '';
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

const server = createServer((req, res) => {
  request(`${target}${req.url ?? '/'}`, { dispatcher, headers: { authorization } })
    .then(async (answer) => {
      const body = JSON.stringify(JSON.parse(await answer.body.text()));
      res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(body);
    })
    .catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`parsing proxy at http://127.0.0.1:${String((server.address() as AddressInfo).port)}`);
});
process.on('SIGTERM', () => {
  process.exit(0);
});
