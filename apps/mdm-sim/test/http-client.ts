import { request } from 'node:http';
import { TENANT_ADMIN, TENANT_READER } from '@mdm-console/devkit/dev-tenant';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

export interface Credential {
  user: string;
  password: string;
}

export const ADMIN: Credential = TENANT_ADMIN;
export const READER: Credential = TENANT_READER;

/**
 * Sends a request with the path exactly as given (unencoded brackets and quotes stay as they are, as real clients
 * send them): node:http, not fetch, which would re-encode the URL.
 */
export function send(
  base: string,
  method: string,
  path: string,
  options: { credential?: Credential | null; body?: string | Buffer; contentType?: string } = {},
): Promise<Reply> {
  const url = new URL(base);
  const credential = options.credential === undefined ? ADMIN : options.credential;
  const headers: Record<string, string> = {};
  if (credential)
    headers.authorization = `Basic ${Buffer.from(`${credential.user}:${credential.password}`).toString('base64')}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, insecureHTTPParser: true },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const form = (fields: Record<string, string | string[]>): string =>
  Object.entries(fields)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`),
    )
    .join('&');

export function multipart(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = '----mdmsimtest';
  const body =
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(25);
  }
  return check();
}
