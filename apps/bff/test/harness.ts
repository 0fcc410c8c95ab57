import { Writable } from 'node:stream';
import { basicAuth, TENANT_ADMIN, tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { loadConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/http/context.ts';
import {
  ApiError,
  createApiClient,
  DEMO_PASSWORD,
  errorBodySchema,
  type ApiClient,
  type Job,
  type JobState,
} from '@mdm-console/contract';
import { z } from 'zod';
import { startBff, type RunningBff } from '../src/server.ts';
import { freshDatabase } from './test-database.ts';

export { DEMO_PASSWORD };

/** A clock the test moves by hand (idle and absolute session expiry). */
export class FakeClock {
  now = Date.now();
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Harness {
  sim: SimProcess;
  bff: RunningBff;
  clock: FakeClock;
  /** Every log line the BFF wrote. */
  logs: string[];
  config: Config;
  close(): Promise<void>;
}

/** The settings of a BFF in demo mode in front of the simulator at `simUrl`, on the database at `databaseUrl`. */
export const demoConfig = (simUrl: string, databaseUrl: string, overrides: Record<string, string> = {}): Config =>
  loadConfig({ ...tenantSettings(simUrl), DATABASE_URL: databaseUrl, PORT: '0', DEMO_MODE: 'true', ...overrides });

export async function startHarness(
  overrides: Record<string, string> = {},
  simEnv: Record<string, string> = {},
): Promise<Harness> {
  const sim = await startSimProcess(
    { SIM_PORT: '0', SIM_DEVICES: '1500', SIM_ACTION_DELAY_MS: '30', ...simEnv },
    { quiet: true },
  );
  const database = await freshDatabase();
  const config = demoConfig(sim.url, database.url, { LOG_LEVEL: 'info', ...overrides });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = new FakeClock();
  const bff = await startBff(config, { logger: createLogger('info', sink), clock: clock.read });
  return {
    sim,
    bff,
    clock,
    logs,
    config,
    close: async () => {
      await bff.close();
      await sim.stop();
      await database.drop();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Calls the BFF as the SPA does: same origin, X-CSRF: 1, JSON. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(options.csrf === false ? {} : { 'x-csrf': '1' }),
    ...(options.headers ?? {}),
  };
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Signs in and answers the session cookie ("name=value"). */
export async function signIn(base: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const reply = await call(base, 'POST', '/api/session', { body: { email, password } });
  if (reply.status !== 200) throw new Error(`sign-in of ${email} failed: ${String(reply.status)} ${reply.text}`);
  const cookie = reply.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

/** The BFF's error code in a reply (undefined when the reply is not the error shape). */
export function errorCode(reply: Reply): string | undefined {
  const body = errorBodySchema.safeParse(reply.json);
  return body.success ? body.data.error.code : undefined;
}

/** Calls the simulator's control API (/__sim/…) with the tenant admin's credential. */
export async function simControl(simUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${simUrl}${path}`, {
    method,
    headers: {
      authorization: basicAuth(TENANT_ADMIN),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${String(response.status)}`);
  return response.json();
}

const simActionsSchema = z.array(z.object({ action: z.string(), deviceId: z.number() }));

/** Device actions the simulator applied: [{action, deviceId}]. */
export async function simActions(simUrl: string): Promise<{ action: string; deviceId: number }[]> {
  return simActionsSchema.parse(await simControl(simUrl, 'GET', '/__sim/actions'));
}

/** A raw answer as it crossed the wire (for checks on what the BFF lets out: headers, secrets). */
export interface Wire {
  status: number;
  headers: Headers;
  text: string;
}

/** The BFF's API as the SPA calls it (the contract's typed client), signed in with `cookie`; `wire` collects each raw answer. */
export const apiAs = (base: string, cookie: string, wire?: Wire[]): ApiClient =>
  createApiClient({
    baseUrl: base,
    headers: { cookie },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const { status, headers } = response;
      wire?.push({ status, headers, text: await response.clone().text() });
      return response;
    },
  });

/** Signs in and answers a typed client with that session. */
export const signedIn = async (base: string, email: string): Promise<ApiClient> =>
  apiAs(base, await signIn(base, email));

/** The ApiError a call ends with; fails the test when it succeeds or fails otherwise. */
export async function refusal(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused, and it succeeded');
}

/** Polls a job until it is in one of `states`. */
export async function waitForJob(
  api: ApiClient,
  id: string,
  states: readonly JobState[],
  timeoutMs = 60_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await api.getJob({ params: { id } });
    if (states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job.state}, not ${states.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
