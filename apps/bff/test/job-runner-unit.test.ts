import { jobRequestSchema, type ImportedValues, type JobAction, type WavePlan } from '@mdm-console/contract';
import { VendorApiError } from '@mdm-console/mdm-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_WEBHOOKS, WebhookEvents } from '../src/domain/webhooks/webhook-events.ts';
import { AuditLog } from '../src/domain/audit.ts';
import { DEFAULT_JOB_SETTINGS, recordOutcome, type JobContext } from '../src/domain/jobs/job-context.ts';
import { JobRunner } from '../src/domain/jobs/job-runner.ts';
import { continueWaves } from '../src/domain/jobs/job-waves.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { freshDatabase, type TestDatabase } from './test-database.ts';
import type { JobPatch } from '../src/store/job-records.ts';
import type { JobsRepository } from '../src/store/jobs-repository.ts';
import type { DeviceSnapshot, JobVendor, SendResult } from '../src/upstream/job-vendor.ts';

/** A clock that only moves when the runner sleeps or the test says so. */
class FakeClock {
  now = 1_700_000_000_000;
  readonly slept: number[] = [];
  readonly read = (): number => this.now;
  readonly sleep = (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.now += ms;
    return Promise.resolve();
  };
}

/** A count of devices acted on (null: none said), the devices refused with their codes, or a failure. */
type Answer = number | null | Map<number, string[]> | Error;

/** A vendor that answers each send from a script, and records what it was sent. */
class ScriptedVendor implements JobVendor {
  readonly sent: number[][] = [];
  readonly states = new Map<number, string>();
  readonly reassignments = new Map<number, string>();
  private readonly script: ((ids: readonly number[]) => Answer)[];
  ineligible = new Map<number, string[]>();

  constructor(script: ((ids: readonly number[]) => Answer)[]) {
    this.script = script;
  }

  send(_action: JobAction, ids: readonly number[]): Promise<SendResult> {
    this.sent.push([...ids]);
    const answer = (this.script.shift() ?? ((sent) => sent.length))(ids);
    if (answer instanceof Error) return Promise.reject(answer);
    if (answer instanceof Map) return Promise.resolve({ acted: ids.length - answer.size, refused: answer });
    return Promise.resolve({ acted: answer, refused: new Map() });
  }

  /** Each device's values, as an import's job sent them. */
  readonly importedValues = new Map<number, ImportedValues>();

  sendImported(ids: readonly number[], values: ReadonlyMap<number, ImportedValues>): Promise<SendResult> {
    for (const [id, value] of values) this.importedValues.set(id, value);
    const missing = ids.filter((id) => !values.has(id));
    if (missing.length > 0) {
      this.sent.push([...ids]);
      return Promise.resolve({ acted: 0, refused: new Map(missing.map((id) => [id, ['NOT_IN_IMPORT']])) });
    }
    return this.send('setAttributes', ids);
  }

  viability(_action: JobAction, ids: readonly number[]): Promise<Map<number, string[]>> {
    return Promise.resolve(new Map([...this.ineligible].filter(([id]) => ids.includes(id))));
  }

  /** Each device's OS version, where a test says (17.5 otherwise). */
  readonly osVersions = new Map<number, string>();
  /** Each device's model, where a test says. */
  readonly models = new Map<number, string>();
  /** Devices no longer in the space (deleted, moved). */
  readonly gone = new Set<number>();

  snapshots(ids: readonly number[]): Promise<Map<number, DeviceSnapshot>> {
    return Promise.resolve(
      new Map(
        ids
          .filter((id) => !this.gone.has(id))
          .map((id) => [
            id,
            {
              id,
              name: `d${String(id)}`,
              platform: 'IOS',
              owner: null,
              registrationState: this.states.get(id) ?? 'ACTIVE',
              model: this.models.get(id) ?? null,
              osVersion: this.osVersions.get(id) ?? '17.5',
              supervised: true,
              androidWorkEnabled: null,
              reassignment: this.reassignments.get(id) ?? null,
            },
          ]),
      ),
    );
  }

  idBounds(): Promise<null> {
    return Promise.resolve(null);
  }

  async *walk(): AsyncIterable<DeviceSnapshot[]> {
    yield [];
    await Promise.resolve();
  }
}

const vendorError = (init: ConstructorParameters<typeof VendorApiError>[0]) => new VendorApiError(init);
const throttled = () =>
  vendorError({ kind: 'rate-limited', status: 429, message: '429', retryAfterSeconds: 2, ambiguous: false });
const timedOut = () => vendorError({ kind: 'timeout', message: 'timeout', ambiguous: true });

let store: Store;
let database: TestDatabase;
let clock: FakeClock;

beforeEach(async () => {
  database = await freshDatabase();
  store = await openStore(database.url);
  clock = new FakeClock();
});
afterEach(async () => {
  await store.close();
  await database.drop();
});

function contextFor(vendor: JobVendor, jobs: JobsRepository): JobContext {
  return {
    store: jobs,
    imports: store.imports,
    vendor,
    audit: new AuditLog(store.audit, clock.read),
    webhooks: new WebhookEvents(NO_WEBHOOKS, () => 'http://console.test'),
    settings: { ...DEFAULT_JOB_SETTINGS, chunkSize: 2, concurrency: 1 },
    now: clock.read,
    sleep: clock.sleep,
    log: pino({ level: 'silent' }),
  };
}

async function insertRunningJob(
  jobs: JobsRepository,
  id: string,
  action: JobAction,
  ids: number[],
  params: Record<string, unknown> = {},
) {
  await insertJobIn(jobs, id, action, ids, { state: 'running', startedAt: clock.now }, { params });
}

/** A job whose devices are frozen and queued, in the state `patch` sets. */
async function insertJobIn(
  jobs: JobsRepository,
  id: string,
  action: JobAction,
  ids: number[],
  patch: JobPatch,
  options: {
    params?: Record<string, unknown>;
    runAt?: number;
    waves?: WavePlan;
    platforms?: Record<number, [string, string]>;
  } = {},
) {
  const params = options.params ?? {};
  await jobs.insertJob({
    id,
    action,
    params: jobRequestSchema.parse({ action, params }).params,
    target: { ids },
    targetDescription: 'test',
    spaceId: 1,
    requestedById: 1,
    requestedBy: 'admin@demo.local',
    requestedRole: 'admin',
    createdAt: clock.now,
    runAt: options.runAt ?? null,
    waves: options.waves ?? null,
    retryOf: null,
    requestId: null,
  });
  await jobs.update(id, patch);
  await jobs.insertItems(
    id,
    ids.map((device, seq) => ({
      deviceId: device,
      seq,
      deviceName: null,
      owner: null,
      status: 'queued',
      outcome: null,
      reason: null,
      registrationState: null,
      platform: options.platforms?.[device]?.[0] ?? null,
      model: options.platforms?.[device]?.[1] ?? null,
    })),
  );
}

async function runJob(
  vendor: ScriptedVendor,
  action: JobAction,
  ids: number[],
  setup?: (jobs: JobsRepository) => Promise<void>,
  params: Record<string, unknown> = {},
) {
  const jobs = store.jobs;
  const ctx = contextFor(vendor, jobs);
  await insertRunningJob(jobs, 'job-1', action, ids, params);
  await setup?.(jobs);
  const runner = new JobRunner(ctx);
  runner.wake();
  const unsettled = (state: string | undefined) => state === 'running' || state === 'following';
  for (let k = 0; k < 200 && unsettled((await jobs.get('job-1'))?.state); k++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  await runner.stop();
  const items = await jobs.items('job-1', { limit: 100 });
  return {
    job: await jobs.get('job-1'),
    outcomes: Object.fromEntries(items.map((item) => [item.deviceId, item.outcome])),
    errors: Object.fromEntries(items.map((item) => [item.deviceId, item.error])),
  };
}

describe('the job runner', () => {
  it('when one job waits on the vendor, then other jobs still run: a tick never waits for a task', async () => {
    let release = (): void => undefined;
    const stuck = new Promise<SendResult>((resolve) => {
      release = () => {
        resolve({ acted: 1, refused: new Map() });
      };
    });
    const vendor = new ScriptedVendor([]);
    const jobs = store.jobs;
    const slowVendor: JobVendor = {
      snapshots: (ids) => vendor.snapshots(ids),
      viability: (action, ids) => vendor.viability(action, ids),
      idBounds: () => vendor.idBounds(),
      walk: () => vendor.walk(),
      send: (action, ids) => (ids.includes(9) ? stuck : vendor.send(action, ids)),
      sendImported: (ids, values) => vendor.sendImported(ids, values),
    };
    await insertRunningJob(jobs, 'slow', 'lock', [9]);
    await insertRunningJob(jobs, 'quick', 'lock', [1, 2]);
    const runner = new JobRunner(contextFor(slowVendor, jobs));
    runner.start();
    for (let k = 0; k < 200 && (await jobs.get('quick'))?.state !== 'completed'; k++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await jobs.get('quick'))?.state).toBe('completed');
    expect((await jobs.get('slow'))?.state).toBe('running');
    release();
    await runner.stop();
  });

  it("when an import's job runs, then each device is its own chunk with its own values, and one without values is refused", async () => {
    const importId = '3b1f0a52-7d6e-4c1b-9a51-0e8f7f4d2c10';
    const accountId = await store.accounts.insert({
      email: 'importer@demo.local',
      passwordHash: null,
      assignments: [{ role: 'admin', spaces: 'all' }],
      createdAt: new Date(clock.now).toISOString(),
    });
    const change = (deviceId: number, tag: string) => ({
      category: 'change' as const,
      row: deviceId + 1,
      key: String(deviceId),
      deviceId,
      deviceName: null,
      kind: 'attributes' as const,
      changes: [{ field: 'attr:tag', from: null, to: tag }],
      values: { attrs: { tag: [tag] } },
      message: null,
    });
    await store.imports.insert(
      {
        id: importId,
        spaceId: 1,
        createdById: accountId,
        createdBy: 'importer@demo.local',
        createdAt: clock.now,
        fileName: 'tags.csv',
        key: 'id',
        columns: ['attr:tag'],
        rows: 2,
        matchedDevices: 2,
      },
      [change(1, 'A'), change(2, 'B')],
    );
    const vendor = new ScriptedVendor([]);
    const { outcomes } = await runJob(vendor, 'setAttributes', [1, 2, 3], undefined, { import: importId });
    expect(vendor.sent).toEqual([[1], [2], [3]]);
    expect(Object.fromEntries(vendor.importedValues)).toEqual({
      1: { attrs: { tag: ['A'] } },
      2: { attrs: { tag: ['B'] } },
    });
    expect(outcomes).toEqual({ 1: 'succeeded', 2: 'succeeded', 3: 'ineligible' });
  });

  it('when the vendor throttles, then it waits as Retry-After says and sends the chunk again', async () => {
    const vendor = new ScriptedVendor([throttled, (ids) => ids.length]);
    const { job, outcomes } = await runJob(vendor, 'lock', [1, 2, 3]);
    expect(job?.state).toBe('completed');
    expect(vendor.sent).toEqual([[1, 2], [1, 2], [3]]);
    expect(clock.slept).toEqual([2_000]);
    expect(outcomes).toEqual({ 1: 'succeeded', 2: 'succeeded', 3: 'succeeded' });
  });

  it('when a lock times out after sending, then its devices are unknown and never sent again', async () => {
    const vendor = new ScriptedVendor([timedOut]);
    const { outcomes } = await runJob(vendor, 'lock', [1, 2, 3]);
    expect(vendor.sent).toEqual([[1, 2], [3]]);
    expect(outcomes).toEqual({ 1: 'unknown', 2: 'unknown', 3: 'succeeded' });
  });

  it('when a wipe times out, then device state tells: applied ones succeeded, the others are sent once more', async () => {
    const vendor = new ScriptedVendor([
      () => {
        vendor.states.set(1, 'WIPE_PENDING');
        return timedOut();
      },
    ]);
    const { outcomes } = await runJob(vendor, 'wipe', [1, 2]);
    expect(vendor.sent).toEqual([[1, 2], [2]]);
    expect(outcomes).toEqual({ 1: 'succeeded', 2: 'succeeded' });
  });

  it('when the vendor acts on fewer devices than sent and the check cannot tell which, then both are unknown', async () => {
    const vendor = new ScriptedVendor([() => 1]);
    vendor.ineligible.set(2, ['LOST_MODE_NOT_ENABLED']);
    const { outcomes } = await runJob(vendor, 'disableLostMode', [1, 2]);
    // The code an action causes itself (lost mode now off) cannot tell which one was skipped: neither is guessed.
    expect(outcomes).toEqual({ 1: 'unknown', 2: 'unknown' });
  });

  it('when a device became ineligible since the preflight, then it is reported with the reason, not dropped', async () => {
    const other = new ScriptedVendor([() => 1]);
    other.ineligible.set(2, ['INVALID_REGISTRATION_STATE']);
    const second = await runJob(other, 'lock', [5, 2]);
    expect(second.outcomes).toEqual({ 2: 'ineligible', 5: 'succeeded' });
  });

  it('when a reassignment is refused for some devices and fails on one, then each gets its own outcome', async () => {
    const vendor = new ScriptedVendor([
      () => {
        vendor.reassignments.set(1, 'SUCCESS');
        return new Map([[2, ['NOT_SUPERVISED']]]);
      },
      () => {
        vendor.reassignments.set(3, 'FAILED');
        return 1;
      },
    ]);
    const { job, outcomes, errors } = await runJob(vendor, 'reassign', [1, 2, 3], undefined, { userId: 7 });
    expect(vendor.sent).toEqual([[1, 2], [3]]);
    expect(outcomes).toEqual({ 1: 'succeeded', 2: 'ineligible', 3: 'failed' });
    expect(errors[3]).toBe('The device reported FAILED.');
    expect(job?.state).toBe('completed');
  });

  it('when a process died after writing "sent", then the resumed job marks those unknown and sends the rest', async () => {
    const vendor = new ScriptedVendor([]);
    const { outcomes } = await runJob(vendor, 'lock', [1, 2, 3], async (jobs) => {
      // A process claimed a chunk (the claim marks it sent) and died: its claim has lapsed since.
      const dead = { owner: 'dead-process', now: clock.now - 60_000, leaseMs: 15_000, size: 2, wave: 0 };
      expect(await jobs.claimToSend('job-1', dead)).toEqual([1, 2]);
    });
    expect(vendor.sent).toEqual([[3]]);
    expect(outcomes).toEqual({ 1: 'unknown', 2: 'unknown', 3: 'succeeded' });
  });

  it('when a request is refused outright, then the devices fail with the reason and nothing is retried', async () => {
    const vendor = new ScriptedVendor([
      () =>
        vendorError({
          kind: 'bad-request',
          status: 400,
          message: '400',
          fieldErrors: [{ code: 'X', message: 'ids is required', field: 'ids' }],
          ambiguous: false,
        }),
    ]);
    const { outcomes, errors } = await runJob(vendor, 'lock', [1, 2]);
    expect(vendor.sent).toHaveLength(1);
    expect(outcomes).toEqual({ 1: 'failed', 2: 'failed' });
    // Our words and code, naming the refused field; never the vendor's own text.
    expect(errors[1]).toBe('UPSTREAM_REJECTED: The MDM service refused the value of: ids.');
  });

  it('when the job is cancelled while running, then the rest is cancelled and not sent', async () => {
    const vendor = new ScriptedVendor([]);
    const { job, outcomes } = await runJob(vendor, 'lock', [1, 2, 3], async (jobs) => {
      await jobs.update('job-1', { cancelRequested: true });
    });
    expect(vendor.sent).toEqual([]);
    expect(job?.state).toBe('cancelled');
    expect(outcomes).toEqual({ 1: 'cancelled', 2: 'cancelled', 3: 'cancelled' });
  });
});

/** Lets the runner look at the jobs until `done` or a few hundred ticks. */
async function settle(runner: JobRunner, done: () => Promise<boolean>) {
  for (let k = 0; k < 200 && !(await done()); k++) {
    runner.wake();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('scheduled jobs', () => {
  const HOUR = 3_600_000;

  it('when a job is scheduled for later and the process restarts before then, then nothing is sent before its time, and then each device once', async () => {
    const vendor = new ScriptedVendor([]);
    const jobs = store.jobs;
    const runAt = clock.now + HOUR;
    await insertJobIn(
      jobs,
      'later',
      'lock',
      [1, 2, 3],
      { state: 'scheduled', confirmedAt: clock.now, runAfter: runAt },
      { runAt },
    );
    const before = new JobRunner(contextFor(vendor, jobs));
    await settle(before, () => Promise.resolve(false));
    await before.stop();
    expect(vendor.sent).toEqual([]);
    expect((await jobs.get('later'))?.state).toBe('scheduled');

    clock.now = runAt + 1;
    const after = new JobRunner(contextFor(vendor, jobs));
    await settle(after, async () => (await jobs.get('later'))?.state === 'completed');
    await after.stop();
    expect((await jobs.get('later'))?.state).toBe('completed');
    expect(vendor.sent.flat().sort()).toEqual([1, 2, 3]);
  });

  it('when devices changed by the scheduled time, then they end ineligible with their reason and only the others are sent', async () => {
    const vendor = new ScriptedVendor([]);
    const jobs = store.jobs;
    const runAt = clock.now + HOUR;
    await insertJobIn(
      jobs,
      'later',
      'lock',
      [1, 2, 3, 4],
      { state: 'scheduled', confirmedAt: clock.now, runAfter: runAt },
      { runAt },
    );
    vendor.ineligible = new Map([[2, ['NOT_SUPERVISED']]]);
    vendor.gone.add(3);
    clock.now = runAt + 1;
    const runner = new JobRunner(contextFor(vendor, jobs));
    await settle(runner, async () => (await jobs.get('later'))?.state === 'completed');
    await runner.stop();
    const items = await jobs.items('later', { limit: 10 });
    expect(Object.fromEntries(items.map((item) => [item.deviceId, [item.outcome, item.reason]]))).toEqual({
      1: ['succeeded', null],
      2: ['ineligible', 'NOT_SUPERVISED'],
      3: ['ineligible', 'DEVICE_NOT_FOUND'],
      4: ['succeeded', null],
    });
    expect(vendor.sent.flat().sort()).toEqual([1, 4]);
  });

  it('when its approval has not come by the scheduled time, then the job expires saying so, and nothing is sent', async () => {
    const vendor = new ScriptedVendor([]);
    const jobs = store.jobs;
    const runAt = clock.now + 2 * HOUR;
    await insertJobIn(
      jobs,
      'unapproved',
      'wipe',
      [1, 2],
      { state: 'awaiting_approval', confirmedAt: clock.now, needsApproval: true },
      { runAt },
    );
    const runner = new JobRunner(contextFor(vendor, jobs));
    clock.now = runAt - 1;
    await settle(runner, () => Promise.resolve(false));
    expect((await jobs.get('unapproved'))?.state).toBe('awaiting_approval');
    clock.now = runAt + 1;
    await settle(runner, async () => (await jobs.get('unapproved'))?.state === 'expired');
    await runner.stop();
    const job = await jobs.get('unapproved');
    expect(job?.state).toBe('expired');
    expect(job?.error).toBe(`Not approved before the time it was scheduled for (${new Date(runAt).toISOString()}).`);
    expect((await jobs.items('unapproved', { limit: 10 })).map((item) => item.outcome)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(vendor.sent).toEqual([]);
  });
});

describe('jobs in waves', () => {
  const TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const stateIs = (id: string, state: string) => async () => (await store.jobs.get(id))?.state === state;

  /** A job in waves, confirmed and due: the runner starts it at its next look. */
  async function wavesJob(waves: WavePlan, options: { platforms?: Record<number, [string, string]> } = {}) {
    await insertJobIn(
      store.jobs,
      'waves',
      'lock',
      TEN,
      { state: 'scheduled', confirmedAt: clock.now, runAfter: clock.now, waves },
      { waves, ...options },
    );
  }

  /**
   * An OS update to 18.1 of devices 1–4 in two waves of 2, and its runner. Polls come every few real milliseconds and
   * the clock stands still: a follow's time limit comes only when a test moves the clock.
   */
  async function osUpdateInWaves(vendor: ScriptedVendor, haltAbovePercent: number): Promise<JobRunner> {
    await insertJobIn(
      store.jobs,
      'update',
      'scheduleOSUpdate',
      [1, 2, 3, 4],
      { state: 'scheduled', confirmedAt: clock.now, runAfter: clock.now },
      { params: { version: '18.1' }, waves: { first: 2, then: 2, haltAbovePercent, pause: { minutes: 0 } } },
    );
    return new JobRunner({
      ...contextFor(vendor, store.jobs),
      sleep: () => new Promise((resolve) => setTimeout(resolve, 5)),
    });
  }

  it('when a job runs in waves with no pause, then each wave is sent only after the one before has its outcomes', async () => {
    const vendor = new ScriptedVendor([]);
    await wavesJob({ first: 2, then: 4, haltAbovePercent: 50, pause: { minutes: 0 } });
    const runner = new JobRunner(contextFor(vendor, store.jobs));
    await settle(runner, stateIs('waves', 'completed'));
    await runner.stop();
    expect((await store.jobs.get('waves'))?.state).toBe('completed');
    const waves = await store.jobs.waveCounts('waves');
    expect([...waves.entries()].map(([wave, counts]) => [wave, counts.devices, counts.succeeded])).toEqual([
      [1, 2, 2],
      [2, 4, 4],
      [3, 4, 4],
    ]);
    // Sent in order: no device of a wave before every device of the wave before it.
    const order = vendor.sent.flat();
    expect(order.slice(0, 2).sort((a, b) => a - b)).toEqual([1, 2]);
    expect(order.slice(2, 6).sort((a, b) => a - b)).toEqual([3, 4, 5, 6]);
    expect(order.slice(6).sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
  });

  it('when the first wave samples a mixed fleet, then it takes each platform and model in turn, not the first ids', async () => {
    const vendor = new ScriptedVendor([]);
    const platforms: Record<number, [string, string]> = {};
    for (const id of TEN)
      platforms[id] = id <= 6 ? ['IOS', 'iPhone 15'] : id <= 9 ? ['ANDROID', 'Pixel 8'] : ['WINDOWS', 'Surface'];
    await wavesJob({ first: 3, then: '100%', haltAbovePercent: 10, pause: 'manual' }, { platforms });
    const runner = new JobRunner(contextFor(vendor, store.jobs));
    await settle(runner, stateIs('waves', 'paused'));
    await runner.stop();
    expect(vendor.sent.flat().sort((a, b) => a - b)).toEqual([1, 7, 10]);
  });

  it('when failed and unknown devices in a wave exceed its limit, then the job halts and sends nothing more', async () => {
    // The first wave's call times out: its two devices are unknown (a lock cannot be read back from the device).
    const vendor = new ScriptedVendor([() => timedOut()]);
    await wavesJob({ first: 2, then: 4, haltAbovePercent: 10, pause: { minutes: 0 } });
    const runner = new JobRunner(contextFor(vendor, store.jobs));
    await settle(runner, stateIs('waves', 'halted'));
    await runner.stop();
    const job = await store.jobs.get('waves');
    expect(job?.state).toBe('halted');
    expect(job?.error).toBe('Wave 1: 2 of 2 devices failed or unknown (100 %), above the 10 % limit.');
    expect(vendor.sent.flat()).toHaveLength(2);
    expect((await store.jobs.counts('waves')).pending).toBe(8);
  });

  it('when a wave stays within its limit and the pause is manual, then the job waits for a person, and goes on when continued', async () => {
    const vendor = new ScriptedVendor([() => new Map([[1, ['NOT_SUPERVISED']]])]);
    await wavesJob({ first: 2, then: '100%', haltAbovePercent: 10, pause: 'manual' });
    const ctx = contextFor(vendor, store.jobs);
    const runner = new JobRunner(ctx);
    await settle(runner, stateIs('waves', 'paused'));
    expect((await store.jobs.get('waves'))?.pausedUntil).toBeNull();
    // Refused at sending (ineligible) is not a failure: the wave is within its limit.
    expect(vendor.sent.flat()).toHaveLength(2);
    await settle(runner, () => Promise.resolve(false));
    expect(vendor.sent.flat()).toHaveLength(2);

    const paused = await store.jobs.get('waves');
    expect(paused && (await continueWaves(ctx, paused))).toBe(true);
    await settle(runner, stateIs('waves', 'completed'));
    await runner.stop();
    expect(vendor.sent.flat()).toHaveLength(10);
  });

  it('when the pause is timed, then the next wave goes when the time is up, not before', async () => {
    const vendor = new ScriptedVendor([]);
    await wavesJob({ first: 5, then: 5, haltAbovePercent: 10, pause: { minutes: 30 } });
    const runner = new JobRunner(contextFor(vendor, store.jobs));
    await settle(runner, stateIs('waves', 'paused'));
    const paused = await store.jobs.get('waves');
    expect(paused?.pausedUntil).toBe(clock.now + 30 * 60_000);
    clock.now += 29 * 60_000;
    await settle(runner, () => Promise.resolve(false));
    expect(vendor.sent.flat()).toHaveLength(5);
    clock.now += 60_000;
    await settle(runner, stateIs('waves', 'completed'));
    await runner.stop();
    expect(vendor.sent.flat()).toHaveLength(10);
  });

  it('when an OS update runs in waves, then a wave ends only once its devices report the version asked for', async () => {
    const vendor = new ScriptedVendor([]);
    const runner = await osUpdateInWaves(vendor, 10);
    await settle(runner, stateIs('update', 'following'));
    // The first wave was sent, and is followed: nothing more goes until its devices report 18.1.
    await settle(runner, () => Promise.resolve(false));
    expect(vendor.sent.flat()).toHaveLength(2);
    for (const id of vendor.sent.flat()) vendor.osVersions.set(id, '18.1');
    await settle(runner, () => Promise.resolve(vendor.sent.flat().length === 4));
    for (const id of [1, 2, 3, 4]) vendor.osVersions.set(id, '18.1');
    await settle(runner, stateIs('update', 'completed'));
    await runner.stop();
    const items = await store.jobs.items('update', { limit: 10 });
    expect(items.map((item) => item.followedState)).toEqual(['UPDATED', 'UPDATED', 'UPDATED', 'UPDATED']);
  });

  it('when a device of an earlier wave never reported, then a later wave is followed only until its own devices do', async () => {
    const vendor = new ScriptedVendor([]);
    const runner = await osUpdateInWaves(vendor, 50);
    await settle(runner, stateIs('update', 'following'));
    const [reported, silent] = vendor.sent.flat();
    if (reported === undefined || silent === undefined) throw new Error('the first wave was not sent');
    // One device of the first wave updates; the other never says, and its follow runs out.
    vendor.osVersions.set(reported, '18.1');
    clock.now += DEFAULT_JOB_SETTINGS.followMs + 1;
    await settle(runner, () => Promise.resolve(vendor.sent.flat().length === 4));
    for (const id of vendor.sent.flat().slice(2)) vendor.osVersions.set(id, '18.1');
    // The clock stands still from here: only the second wave's own devices can end its follow.
    await settle(runner, stateIs('update', 'completed'));
    await runner.stop();
    expect((await store.jobs.get('update'))?.state).toBe('completed');
    const items = await store.jobs.items('update', { limit: 10 });
    expect(items.find((item) => item.deviceId === silent)?.followedState).toBe('ON 17.5');
  });

  it('when a paused job is cancelled, then its timed pause ends without sending anything more', async () => {
    const vendor = new ScriptedVendor([]);
    await wavesJob({ first: 5, then: 5, haltAbovePercent: 10, pause: { minutes: 1 } });
    const ctx = contextFor(vendor, store.jobs);
    const runner = new JobRunner(ctx);
    await settle(runner, stateIs('waves', 'paused'));
    // As the service cancels a job between waves: the state first, then what is left.
    expect(await store.jobs.update('waves', { state: 'cancelled', cancelRequested: true }, ['paused'])).toBe(true);
    const job = await store.jobs.get('waves');
    if (job) await recordOutcome(ctx, job, await store.jobs.idsWithStatus('waves', 'queued'), { outcome: 'cancelled' });
    clock.now += 2 * 60_000;
    await settle(runner, () => Promise.resolve(false));
    await runner.stop();
    expect(vendor.sent.flat()).toHaveLength(5);
    expect(await store.jobs.counts('waves')).toMatchObject({ succeeded: 5, cancelled: 5, pending: 0 });
  });
});

describe('chunk claims', () => {
  const claimBy = (owner: string, now = clock.now) => ({ owner, now, leaseMs: 15_000, size: 2, wave: 0 });
  const statusOf = async (jobId: string) =>
    Object.fromEntries((await store.jobs.items(jobId, { limit: 100 })).map((item) => [item.deviceId, item.status]));

  it('when processes claim chunks of one job, then each takes the next chunk in the frozen order, marked sent, and a lapsed claim leaves its chunk to the next as orphans', async () => {
    const jobs = store.jobs;
    await insertRunningJob(jobs, 'job-1', 'lock', [5, 3, 9, 7]);
    expect(await jobs.claimToSend('job-1', claimBy('a'))).toEqual([3, 5]);
    expect(await jobs.claimToSend('job-1', claimBy('b'))).toEqual([7, 9]);
    expect(await jobs.claimToSend('job-1', claimBy('c'))).toEqual([]);
    expect(await statusOf('job-1')).toEqual({ 3: 'sent', 5: 'sent', 7: 'sent', 9: 'sent' });
    // Sent items are nobody's to take while their claim lives; once it lapses, they are a dead process's chunk.
    expect(await jobs.claimOrphans('job-1', claimBy('c'))).toEqual([]);
    expect(await jobs.claimOrphans('job-1', claimBy('c', clock.now + 60_000))).toEqual([3, 5]);
    expect(await jobs.claimOrphans('job-1', claimBy('d', clock.now + 60_000))).toEqual([7, 9]);
  });

  it('when a process renews its claims, then only its own on the jobs it names last longer; when it gives a job back, its queued items are free and its sent ones stay its own', async () => {
    const jobs = store.jobs;
    await insertRunningJob(jobs, 'job-1', 'lock', [1, 2, 3, 4]);
    await insertRunningJob(jobs, 'job-2', 'lock', [5, 6]);
    expect(await jobs.claimToSend('job-1', claimBy('a'))).toEqual([1, 2]);
    expect(await jobs.claimToSend('job-1', claimBy('b'))).toEqual([3, 4]);
    expect(await jobs.claimToSend('job-2', claimBy('a'))).toEqual([5, 6]);
    // A retry puts device 1 back in the queue, still under a's claim.
    await jobs.requeue('job-1', [1]);
    await jobs.renewClaims('a', ['job-1'], clock.now + 10_000, 15_000);
    const later = clock.now + 20_000;
    expect(await jobs.claimOrphans('job-1', claimBy('c', later))).toEqual([3, 4]);
    expect(await jobs.claimOrphans('job-2', claimBy('c', later))).toEqual([5, 6]);
    expect(await jobs.claimToSend('job-1', claimBy('c'))).toEqual([]);
    await jobs.releaseClaims('job-1', 'a');
    expect(await jobs.claimToSend('job-1', claimBy('c', later))).toEqual([1]);
    expect(await jobs.markSent('job-1', [1, 2], 'a')).toEqual([]);
    expect(await jobs.claimOrphans('job-1', claimBy('d', later))).toEqual([]);
    expect(await statusOf('job-1')).toEqual({ 1: 'sent', 2: 'sent', 3: 'sent', 4: 'sent' });
  });
});
