import { urlOf, type ApiClient } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signedIn, simActions, simControl, startHarness, waitForJob, type Harness } from './harness.ts';
import { jobItems } from './job-checks.ts';

let h: Harness;
let admin: ApiClient;

beforeAll(async () => {
  h = await startHarness({ JOB_UNDO_SECONDS: '0', JOB_CHUNK_SIZE: '5' });
  admin = await signedIn(h.bff.url, 'admin@demo.local');
});
afterAll(async () => {
  await h.close();
});

describe('jobs in waves against the simulated tenant', () => {
  it('when every call fails during the first wave, then the job halts after it and only that wave reached the tenant; continued, the rest goes once', async () => {
    const page = await admin.searchDevices({
      query: { f: ['registrationState:ACTIVE', 'platform:IOS'], size: 30, sort: 'id', order: 'asc' },
    });
    const ids = page.rows.map((row) => row.id);
    const created = await admin.createJob({
      body: {
        action: 'lock',
        params: {},
        target: { ids },
        waves: { first: 5, then: 5, haltAbovePercent: 10, pause: { minutes: 0 } },
      },
    });
    const draft = await waitForJob(admin, created.id, ['draft']);
    await simControl(h.sim.url, 'POST', '/__sim/reset');
    await simControl(h.sim.url, 'PUT', '/__sim/faults', { errorRate: 1 });
    await admin.confirmJob({ params: { id: draft.id }, body: {} });
    const halted = await waitForJob(admin, draft.id, ['halted']);
    await simControl(h.sim.url, 'PUT', '/__sim/faults', {});

    expect(halted.error).toMatch(/^Wave 1: 5 of 5 devices failed or unknown \(100 %\), above the 10 % limit\.$/);
    expect(halted.waves?.list.map((wave) => wave.devices)).toEqual([5, 5, 5, 5, 5, 5]);
    const items = await jobItems(admin, draft.id);
    const firstWave = new Set(items.filter((item) => item.wave === 1).map((item) => item.deviceId));
    expect(firstWave.size).toBe(5);
    const locked = (await simActions(h.sim.url)).filter((entry) => entry.action === 'lock');
    expect(locked.every((entry) => firstWave.has(entry.deviceId))).toBe(true);
    expect(items.filter((item) => item.wave > 1).every((item) => item.outcome === null)).toBe(true);

    expect((await admin.continueJob({ params: { id: draft.id } })).state).toBe('running');
    const done = await waitForJob(admin, draft.id, ['completed']);
    expect(done.counts).toMatchObject({ succeeded: 25, pending: 0 });
    // The jobs list counts the waves of its whole page at once, and tells the same as the job itself.
    const listed = (await admin.listJobs({ query: {} })).jobs.find((job) => job.id === draft.id);
    expect(listed?.waves).toEqual(done.waves);
    const perDevice = new Map<number, number>();
    for (const entry of (await simActions(h.sim.url)).filter((action) => action.action === 'lock'))
      perDevice.set(entry.deviceId, (perDevice.get(entry.deviceId) ?? 0) + 1);
    expect([...perDevice.values()].every((n) => n === 1)).toBe(true);
    expect(ids.filter((id) => !firstWave.has(id)).every((id) => perDevice.get(id) === 1)).toBe(true);

    // The outcomes' CSV names each device's wave.
    const csv = await fetch(`${h.bff.url}${urlOf('jobItemsCsv', { params: { id: draft.id } })}`, {
      headers: { cookie: await signIn(h.bff.url, 'admin@demo.local'), 'x-csrf': '1' },
    });
    const rows = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0]?.endsWith(',followed_state,wave')).toBe(true);
    const waves = rows.slice(1).map((row) => Number(row.split(',').at(-1)));
    expect([...new Set(waves)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('when a job is not paused or halted, then continue is refused with a clear code', async () => {
    const page = await admin.searchDevices({ query: { f: ['registrationState:ACTIVE'], size: 1 } });
    const created = await admin.createJob({
      body: { action: 'lock', params: {}, target: { ids: page.rows.map((row) => row.id) } },
    });
    const draft = await waitForJob(admin, created.id, ['draft']);
    await expect(admin.continueJob({ params: { id: draft.id } })).rejects.toMatchObject({
      status: 409,
      code: 'NOT_PAUSED',
    });
    await admin.cancelJob({ params: { id: draft.id } });
  });
});
