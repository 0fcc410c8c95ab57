import { errorEnvelopeSchema } from '@mdm-console/mdm-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator, type RunningSimulator } from '../src/server.ts';
import { defaultSettings, readSettings, SettingsError } from '../src/settings.ts';
import { send } from './http-client.ts';
import { DEMO_PORTS, TENANT_ADMIN, TENANT_READER } from '@mdm-console/devkit/dev-tenant';

let sim: RunningSimulator;
const setFaults = (faults: Record<string, unknown>) =>
  send(sim.url, 'PUT', '/__sim/faults', { body: JSON.stringify(faults), contentType: 'application/json' });
const healthSchema = z.object({ ok: z.literal(true), devices: z.number() });

beforeAll(async () => {
  sim = await startSimulator(defaultSettings({ port: 0, devices: 800, seed: 3, actionDelayMs: 20 }));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await send(sim.url, 'POST', '/__sim/reset');
});

describe('fault injection', () => {
  it('when throttling is on, then 429 with Retry-After in the vendor envelope, and nothing is applied', async () => {
    await setFaults({ throttleRate: 1 });
    const reply = await send(sim.url, 'PUT', '/api/v1/device/lock?ids=22001');
    expect(reply.status).toBe(429);
    expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(errorEnvelopeSchema.parse(reply.json).errors.globalErrors?.[0]?.code).toBe('RateLimited');
    await setFaults({});
    expect((await send(sim.url, 'GET', '/__sim/actions')).json).toEqual([]);
  });

  it('when errors are on, then 500 in the envelope; a state-changing call may have been applied (ambiguous)', async () => {
    await setFaults({ errorRate: 1 });
    const statuses = new Set<number>();
    for (let k = 0; k < 30; k += 1)
      statuses.add((await send(sim.url, 'PUT', `/api/v1/device/forceCheckin?ids=${22001 + k}`)).status);
    expect([...statuses]).toEqual([500]);
    await setFaults({});
    const applied = z.array(z.unknown()).parse((await send(sim.url, 'GET', '/__sim/actions')).json).length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(30);
  });

  it('when drops are on, then the connection closes without an answer', async () => {
    await setFaults({ dropRate: 1 });
    await expect(send(sim.url, 'GET', '/api/v1/device?rows=1')).rejects.toThrow();
  });

  it('when malformed bodies are on, then a 200 carries JSON that does not parse', async () => {
    await setFaults({ malformedRate: 1 });
    const reply = await send(sim.url, 'GET', '/api/v1/device?rows=1');
    expect(reply.status).toBe(200);
    expect(reply.json).toBeUndefined();
  });

  it('when latency is set, then every vendor call takes at least that long', async () => {
    await setFaults({ latencyMs: 150, jitterMs: 20 });
    const began = performance.now();
    await send(sim.url, 'GET', '/api/v1/device?rows=1');
    expect(performance.now() - began).toBeGreaterThanOrEqual(145);
  });

  it('when the faults body is invalid, then 400 and the faults stay as they were', async () => {
    expect((await setFaults({ errorRate: 2 })).status).toBe(400);
    expect((await setFaults({ surprise: true })).status).toBe(400);
    expect((await send(sim.url, 'GET', '/__sim/faults')).json).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      throttleRate: 0,
      dropRate: 0,
      malformedRate: 0,
    });
  });

  it('when reset, then faults, the action log and every change are gone', async () => {
    await send(sim.url, 'PUT', '/api/v1/device/lock?ids=22001');
    await send(sim.url, 'POST', '/api/v1/device/22001/customattributes', {
      body: '{"attrs":{"x":["1"]}}',
      contentType: 'application/json',
    });
    await setFaults({ latencyMs: 10 });
    await send(sim.url, 'POST', '/__sim/reset');
    expect((await send(sim.url, 'GET', '/__sim/actions')).json).toEqual([]);
    expect(
      z.object({ latencyMs: z.number() }).parse((await send(sim.url, 'GET', '/__sim/faults')).json).latencyMs,
    ).toBe(0);
    const attrs = z
      .object({ result: z.object({ attrs: z.record(z.string(), z.unknown()) }) })
      .parse((await send(sim.url, 'GET', '/api/v1/device/22001/customattributes')).json);
    expect(attrs.result.attrs).not.toHaveProperty('x');
  });
});

describe('robustness', () => {
  it('when bad input of every kind arrives, then each gets a 4xx and the simulator keeps serving', async () => {
    const bad: [string, string, string | undefined, string | undefined][] = [
      ['POST', '/api/v1/device/22001/customattributes', '{"attrs": [', 'application/json'],
      ['PUT', '/api/v1/device/lock', 'ids=%E0%A4%A', 'application/x-www-form-urlencoded'],
      ['PUT', '/api/v1/device/unlock', '--x\r\nnot multipart', 'multipart/form-data; boundary=zzz'],
      [
        'GET',
        '/api/v1/device?fq=((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a=1',
        undefined,
        undefined,
      ],
      ['GET', `/api/v1/device?fq=${'x'.repeat(9000)}`, undefined, undefined],
      ['GET', '/api/v1/device?rows=1e3', undefined, undefined],
      ['GET', '/api/v1/device/not-a-device', undefined, undefined],
      ['GET', '/api/v1/nothing', undefined, undefined],
      ['DELETE', '/api/v1/device/customattributes', '{"ids":[],"attrKeys":[]}', 'application/json'],
      [
        'POST',
        '/api/v1/device/22001/customattributes',
        JSON.stringify({ attrs: { ['k'.repeat(200)]: ['v'] } }),
        'application/json',
      ],
    ];
    for (const [method, path, body, contentType] of bad) {
      const options = body === undefined ? {} : contentType === undefined ? { body } : { body, contentType };
      const reply = await send(sim.url, method, path, options);
      expect(reply.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${method} ${path}`).toBeLessThan(500);
      expect(errorEnvelopeSchema.safeParse(reply.json).success, reply.text).toBe(true);
    }
    expect(healthSchema.parse((await send(sim.url, 'GET', '/__sim/health')).json).devices).toBe(800);
  });
});

describe('settings', () => {
  it('when SIM_RATE_LIMIT is set, then a burst past it gets 429', async () => {
    const limited = await startSimulator(defaultSettings({ port: 0, devices: 50, rateLimit: 5 }));
    try {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => send(limited.url, 'GET', '/api/v1/device?rows=1').then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  it('when SIM_LATENCY_MS is set, then vendor calls are slowed, the control API is not', async () => {
    const slow = await startSimulator(defaultSettings({ port: 0, devices: 50, latencyMs: 120 }));
    try {
      let began = performance.now();
      await send(slow.url, 'GET', '/api/v1/device?rows=1');
      expect(performance.now() - began).toBeGreaterThanOrEqual(115);
      began = performance.now();
      await send(slow.url, 'GET', '/__sim/health');
      expect(performance.now() - began).toBeLessThan(115);
    } finally {
      await slow.close();
    }
  });

  it('when settings are read from the environment, then defaults match the contract and bad values are named', () => {
    expect(readSettings({})).toMatchObject({
      host: '127.0.0.1',
      port: DEMO_PORTS.sim,
      devices: 5000,
      seed: 42,
      adminUser: TENANT_ADMIN.user,
      adminPassword: TENANT_ADMIN.password,
      readonlyUser: TENANT_READER.user,
      readonlyPassword: TENANT_READER.password,
      actionDelayMs: 2000,
      latencyMs: 0,
      rateLimit: 0,
    });
    expect(readSettings({ SIM_DEVICES: '1000000', SIM_PORT: '0' })).toMatchObject({ devices: 1_000_000, port: 0 });
    expect(() => readSettings({ SIM_PORT: 'eighty', SIM_DEVICES: '-1' })).toThrow(SettingsError);
    expect(() => readSettings({ SIM_PORT: 'eighty' })).toThrow(/SIM_PORT/);
  });
});
