import {
  jobSchema,
  urlOf,
  type ApiClient,
  type CreateJobRequest,
  type DeviceSearchQuery,
  type Job,
} from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  refusal,
  signedIn,
  signIn,
  simActions,
  startHarness,
  waitForJob,
  type Harness,
} from './harness.ts';

let h: Harness;
let base: string;
let admin: ApiClient;
let admin2: ApiClient;
let helpdesk: ApiClient;
let viewer: ApiClient;

const UNDO_MS = 10_000;

async function deviceIds(query: Pick<DeviceSearchQuery, 'f'>, size: number): Promise<number[]> {
  const page = await admin.searchDevices({ query: { ...query, size, sort: 'id', order: 'asc' } });
  return page.rows.map((row) => row.id);
}

async function createJob(api: ApiClient, body: CreateJobRequest): Promise<Job> {
  const created = await api.createJob({ body });
  return waitForJob(api, created.id, ['draft', 'failed']);
}

const confirm = (api: ApiClient, id: string, typed?: string) =>
  api.confirmJob({ params: { id }, body: typed === undefined ? {} : { typed } });

/** Lets the undo window pass on the BFF's clock. */
function passUndoWindow(): void {
  h.clock.advance(UNDO_MS + 1);
  h.bff.services.runner.wake();
}

async function actionsOn(action: string, ids: readonly number[]): Promise<number> {
  const wanted = new Set(ids);
  return (await simActions(h.sim.url)).filter((entry) => entry.action === action && wanted.has(entry.deviceId)).length;
}

const ACTIVE_IOS = { f: ['platform:IOS', 'registrationState:ACTIVE'] };
const ACTIVE_ANDROID = { f: ['platform:ANDROID', 'registrationState:ACTIVE'] };

beforeAll(async () => {
  h = await startHarness({ JOB_FOLLOW_POLL_MS: '100', JOB_APPROVAL_THRESHOLD: '25' });
  base = h.bff.url;
  await h.bff.services.accounts.ensure('admin2@demo.local', DEMO_PASSWORD, [{ role: 'admin', spaces: 'all' }]);
  admin = await signedIn(base, 'admin@demo.local');
  admin2 = await signedIn(base, 'admin2@demo.local');
  helpdesk = await signedIn(base, 'helpdesk@demo.local');
  viewer = await signedIn(base, 'viewer@demo.local');
});
afterAll(async () => {
  await h.close();
});

describe('a job from request to outcome', () => {
  it('when a lock of 3 devices is confirmed and the undo window passes, then each is locked once and audited', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 3);
    const draft = await createJob(admin, { action: 'lock', params: {}, target: { ids } });
    expect(draft).toMatchObject({ state: 'draft', frozenCount: 3, typedConfirmation: null });
    expect(draft.preflight).toMatchObject({ eligible: 3, ineligible: 0 });

    expect(await confirm(admin, draft.id)).toMatchObject({ state: 'scheduled' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await actionsOn('lock', ids)).toBe(0);

    passUndoWindow();
    const done = await waitForJob(admin, draft.id, ['completed']);
    expect(done.counts).toMatchObject({ succeeded: 3, pending: 0, failed: 0, unknown: 0 });
    expect(await actionsOn('lock', ids)).toBe(3);

    const audit = await admin.listAudit({ query: { limit: 50 } });
    const actions = audit.events.map((event) => event.action);
    for (const event of ['job.requested', 'job.confirmed', 'job.started', 'job.finished'])
      expect(actions).toContain(event);
    const confirmedEvent = audit.events.find((event) => event.action === 'job.confirmed');
    expect(confirmedEvent?.targets).toEqual({ job: draft.id });
    const perDevice = audit.events.filter((event) => event.action === 'device.lock');
    expect(perDevice.map((event) => event.targets).sort()).toEqual(ids.map((id) => [id]).sort());
    expect(perDevice.every((event) => event.outcome === 'succeeded')).toBe(true);
  });

  it('when the requester cancels within the undo window, then nothing is sent', async () => {
    const ids = await deviceIds(ACTIVE_ANDROID, 4);
    const draft = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    await confirm(admin, draft.id);
    const cancelled = await admin.cancelJob({ params: { id: draft.id } });
    expect(cancelled).toMatchObject({ state: 'cancelled', counts: { cancelled: 4 } });
    passUndoWindow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await actionsOn('forceCheckin', ids)).toBe(0);
  });

  it('when devices cannot take the action, then the preflight groups them by reason, explained', async () => {
    const android = await deviceIds({ f: ['platform:ANDROID'] }, 5);
    const ios = await deviceIds(
      { f: ['platform:IOS', 'supervised:true', 'registrationState:ACTIVE', 'lostMode:false'] },
      2,
    );
    const draft = await createJob(admin, {
      action: 'enableLostMode',
      params: { message: 'Please return', phoneNumber: '+1 555 0100', footnote: 'ACME IT' },
      target: { ids: [...android, ...ios, 999_999_999] },
    });
    expect(draft.frozenCount).toBe(8);
    expect(draft.preflight?.eligible).toBe(2);
    const reasons = Object.fromEntries((draft.preflight?.reasons ?? []).map((reason) => [reason.code, reason]));
    expect(reasons.PLATFORM_NOT_SUPPORTED?.count).toBe(5);
    expect(reasons.PLATFORM_NOT_SUPPORTED?.explanation).toMatch(/platform/);
    expect(reasons.DEVICE_NOT_FOUND?.count).toBe(1);
  });

  it('when "all matching" is chosen, then the frozen count equals the search total', async () => {
    const { total } = await admin.searchDevices({ query: { size: 1, f: ['platform:OSX'] } });
    const draft = await createJob(admin, {
      action: 'forceCheckin',
      params: {},
      target: { filter: { q: '', f: ['platform:OSX'] } },
    });
    expect(draft.frozenCount).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it("when every device of one person is locked, then exactly that person's devices in the space are sent, and the person is on record", async () => {
    const rows = (await admin.searchDevices({ query: { size: 500, sort: 'id', order: 'asc' } })).rows;
    const counts = Map.groupBy(
      rows.filter((row) => row.emailAddress !== null),
      (row) => row.emailAddress ?? '',
    );
    const [person] = [...counts].find(([, devices]) => devices.length >= 2) ?? [];
    if (person === undefined) throw new Error('no person with two devices in the first 500');
    const theirs = await admin.searchDevices({ query: { size: 500, fq: `emailAddress EQ '${person}'` } });
    const locksBefore = (await simActions(h.sim.url)).filter((entry) => entry.action === 'lock').length;
    const draft = await createJob(admin, { action: 'lock', params: {}, target: { user: person } });
    expect(draft.targetDescription).toBe(`All devices of ${person}`);
    expect(draft.frozenCount).toBe(theirs.total);
    await confirm(admin, draft.id);
    passUndoWindow();
    await waitForJob(admin, draft.id, ['completed']);
    const locked = (await simActions(h.sim.url))
      .filter((entry) => entry.action === 'lock')
      .slice(locksBefore)
      .map((entry) => entry.deviceId);
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((id) => theirs.rows.some((row) => row.id === id))).toBe(true);
    expect(locked.sort()).toEqual(
      (await admin.listJobItems({ params: { id: draft.id }, query: { outcome: 'succeeded' } })).items
        .map((item) => item.deviceId)
        .sort(),
    );
    const requested = await admin.listAudit({ query: { action: 'job.requested', limit: 5 } });
    expect(requested.events.find((event) => JSON.stringify(event.targets).includes(draft.id))?.targets).toMatchObject({
      person,
    });
  });

  it('when devices are reassigned in bulk, then only eligible ones are sent and each is followed to its final status', async () => {
    const supervised = await deviceIds({ f: ['platform:IOS', 'supervised:true', 'registrationState:ACTIVE'] }, 3);
    const unsupervised = await deviceIds({ f: ['platform:IOS', 'supervised:false', 'registrationState:ACTIVE'] }, 1);
    const owner = (await admin.searchDevices({ query: { size: 1, f: ['platform:ANDROID'] } })).rows[0]?.ownerId;
    expect(owner).toEqual(expect.any(Number));
    const draft = await createJob(admin, {
      action: 'reassign',
      params: { userId: owner ?? 0 },
      target: { ids: [...supervised, ...unsupervised] },
    });
    expect(draft.preflight).toMatchObject({ eligible: 3, ineligible: 1 });
    expect(draft.preflight?.reasons.map((reason) => reason.code)).toEqual(['NOT_SUPERVISED']);
    await confirm(admin, draft.id);
    passUndoWindow();
    const done = await waitForJob(admin, draft.id, ['completed']);
    expect(done.awaitingFinalState).toBe(0);
    expect(done.counts.succeeded + done.counts.failed).toBe(3);
    expect(await actionsOn('updateAccount', supervised)).toBe(3);
    expect(await actionsOn('updateAccount', unsupervised)).toBe(0);
    const { items } = await admin.listJobItems({ params: { id: draft.id }, query: { outcome: 'succeeded' } });
    expect(items.every((item) => item.followedState === 'SUCCESS')).toBe(true);
  });

  it('when parameters break the vendor rules, then 400 with the field named', async () => {
    const ids = await deviceIds({ f: ['platform:IOS'] }, 1);
    const cases: [CreateJobRequest, string][] = [
      [{ action: 'unlock', params: { pin: '12' }, target: { ids } }, 'body.params.pin'],
      [
        { action: 'enableLostMode', params: { message: 'x', footnote: 'sixteen chars!!!' }, target: { ids } },
        'body.params.footnote',
      ],
      [{ action: 'scheduleOSUpdate', params: { version: 'latest' }, target: { ids } }, 'body.params.version'],
      [{ action: 'wipe', params: { returnToServiceEnabled: true }, target: { ids } }, 'body.params.wifiPolicyId'],
      [{ action: 'lock', params: {}, target: { ids: [] } }, 'body.target.ids'],
    ];
    for (const [body, field] of cases) {
      const refused = await refusal(admin.createJob({ body }));
      expect([refused.status, refused.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      expect(refused.message).toContain(field);
    }
  });

  it('when the job is followed by events and as CSV, then both tell each device’s outcome', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 2);
    const draft = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    await confirm(admin, draft.id);
    const cookie = await signIn(base, 'admin@demo.local');
    const headers = { 'x-csrf': '1', cookie };
    const events = fetch(`${base}${urlOf('jobEvents', { params: { id: draft.id } })}`, { headers }).then((response) =>
      response.text(),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    passUndoWindow();
    const stream = await events;
    const states = [...stream.matchAll(/^data: (.*)$/gm)].map(
      (match) => jobSchema.parse(JSON.parse(match[1] ?? '{}')).state,
    );
    expect(states[0]).toBe('scheduled');
    expect(states.at(-1)).toBe('completed');

    const csv = await fetch(`${base}${urlOf('jobItemsCsv', { params: { id: draft.id } })}`, { headers });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^device_id,device_name,platform,owner,outcome/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.includes(',succeeded,'))).toBe(true);
  });
});

describe('the safety rails', () => {
  it('when a destructive action is confirmed, then the typed words must match "<action> <count>"', async () => {
    const ids = await deviceIds(ACTIVE_ANDROID, 2);
    const draft = await createJob(admin, { action: 'retire', params: {}, target: { ids } });
    expect(draft.typedConfirmation).toBe('retire 2');
    expect((await refusal(confirm(admin, draft.id, 'retire 3'))).code).toBe('TYPED_CONFIRMATION_MISMATCH');
    expect((await refusal(confirm(admin, draft.id))).status).toBe(400);
    expect(await confirm(admin, draft.id, 'retire 2')).toMatchObject({ state: 'scheduled' });
    await admin.cancelJob({ params: { id: draft.id } });
  });

  it('when a wipe goes over the threshold, then a second admin must approve, never the requester', async () => {
    const ids = await deviceIds({ f: ['registrationState:ACTIVE', 'platform:IOS'] }, 30);
    const draft = await createJob(admin, { action: 'wipe', params: { iosPreserveDataPlan: true }, target: { ids } });
    const typed = draft.typedConfirmation ?? '';
    expect(typed).toBe('wipe 30');
    expect(await confirm(admin, draft.id, typed)).toMatchObject({ state: 'awaiting_approval', needsApproval: true });

    const self = await refusal(admin.approveJob({ params: { id: draft.id } }));
    expect([self.status, self.code]).toEqual([403, 'SELF_APPROVAL']);
    expect((await refusal(helpdesk.approveJob({ params: { id: draft.id } }))).status).toBe(403);
    passUndoWindow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await actionsOn('wipe', ids)).toBe(0);

    expect(await admin2.approveJob({ params: { id: draft.id } })).toMatchObject({ state: 'scheduled' });
    passUndoWindow();
    // A destructive job that needs approval runs as a canary first: 5 % of 30 is 2 devices, then a pause.
    const paused = await waitForJob(admin, draft.id, ['paused']);
    expect(paused.waves?.plan).toEqual({ first: 2, then: '100%', haltAbovePercent: 10, pause: 'manual' });
    expect(paused.waves?.list.map((wave) => [wave.wave, wave.devices, wave.counts.succeeded])).toEqual([
      [1, 2, 2],
      [2, 28, 0],
    ]);
    expect(await actionsOn('wipe', ids)).toBe(2);
    expect(await admin2.continueJob({ params: { id: draft.id } })).toMatchObject({ state: 'running' });
    const done = await waitForJob(admin, draft.id, ['completed']);
    expect(done.counts.succeeded).toBe(30);
    expect(done.awaitingFinalState).toBe(0);
    expect(await actionsOn('wipe', ids)).toBe(30);
    const { items } = await admin.listJobItems({ params: { id: draft.id }, query: { limit: 500 } });
    expect(new Set(items.map((item) => item.followedState))).toEqual(new Set(['WIPED']));
  });

  it('when an approval waits more than 24 h, then it expires and cannot be approved', async () => {
    const ids = await deviceIds({ f: ['registrationState:ACTIVE', 'platform:ANDROID'] }, 3);
    // The wipe above already used the day's threshold: any further destructive job needs approval.
    const draft = await createJob(admin, { action: 'retire', params: {}, target: { ids } });
    expect((await confirm(admin, draft.id, draft.typedConfirmation ?? '')).state).toBe('awaiting_approval');
    h.clock.advance(25 * 3_600_000);
    const approver = await signedIn(base, 'admin2@demo.local');
    const late = await refusal(approver.approveJob({ params: { id: draft.id } }));
    expect([late.status, late.code]).toEqual([409, 'APPROVAL_EXPIRED']);
    expect((await waitForJob(approver, draft.id, ['expired'])).state).toBe('expired');
    admin = await signedIn(base, 'admin@demo.local');
    helpdesk = await signedIn(base, 'helpdesk@demo.local');
    viewer = await signedIn(base, 'viewer@demo.local');
    admin2 = approver;
  });

  it('when a job starts waiting for approval, then an approver holding the count hears of it at once, the requester does not count it', async () => {
    const { waiting } = await admin2.waitingApprovals({ query: {} });
    let settled = false;
    const held = admin2.waitingApprovals({ query: { known: waiting } }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(settled).toBe(false);

    // Over the threshold on its own: it waits for approval whatever the day's other jobs did.
    const ids = await deviceIds({ f: ['registrationState:ACTIVE'] }, 30);
    const draft = await createJob(admin, { action: 'retire', params: {}, target: { ids } });
    expect((await confirm(admin, draft.id, draft.typedConfirmation ?? '')).state).toBe('awaiting_approval');
    expect(await held).toEqual({ waiting: waiting + 1 });
    expect((await admin.waitingApprovals({ query: {} })).waiting).toBe(waiting);
    await admin.cancelJob({ params: { id: draft.id } });
    expect((await admin2.waitingApprovals({ query: {} })).waiting).toBe(waiting);
  });

  it('when a lock is scheduled for later, then it waits as scheduled, one can be cancelled before its time, and the other runs at it', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 4);
    // A quarter of an hour: the test's sessions stay alive (30 minutes idle) while the clock moves past it.
    const runAt = new Date(h.clock.now + 15 * 60_000);
    // The browser sends its own zone's offset; the job keeps the instant, in UTC.
    const local = `${new Date(runAt.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
    const kept = await createJob(admin, { action: 'lock', params: {}, target: { ids: ids.slice(0, 2) }, runAt: local });
    // The time may also be chosen when confirming, after the preflight.
    const dropped = await createJob(admin, { action: 'lock', params: {}, target: { ids: ids.slice(2) } });
    expect(kept.runAt).toBe(new Date(Math.floor(runAt.getTime() / 1000) * 1000).toISOString());
    expect((await confirm(admin, kept.id)).runAfter).toBe(kept.runAt);
    const scheduled = await admin.confirmJob({ params: { id: dropped.id }, body: { runAt: local } });
    expect([scheduled.state, scheduled.runAt, scheduled.runAfter]).toEqual(['scheduled', kept.runAt, kept.runAt]);
    passUndoWindow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await admin.getJob({ params: { id: kept.id } })).state).toBe('scheduled');
    expect((await admin.cancelJob({ params: { id: dropped.id } })).state).toBe('cancelled');

    h.clock.advance(15 * 60_000);
    h.bff.services.runner.wake();
    expect((await waitForJob(admin, kept.id, ['completed'])).counts.succeeded).toBe(2);
    expect(await actionsOn('lock', ids.slice(0, 2))).toBe(2);
    expect(await actionsOn('lock', ids.slice(2))).toBe(0);
    expect((await admin.getJob({ params: { id: dropped.id } })).counts.cancelled).toBe(2);
  });

  it('when jobs are scheduled, then the upcoming list has the soonest first, whatever order they were made in', async () => {
    const [first, second] = await deviceIds(ACTIVE_ANDROID, 2);
    if (first === undefined || second === undefined) throw new Error('two devices are needed');
    const schedule = async (id: number, minutes: number) => {
      const draft = await createJob(admin, {
        action: 'lock',
        params: {},
        target: { ids: [id] },
        runAt: new Date(h.clock.now + minutes * 60_000).toISOString(),
      });
      return (await confirm(admin, draft.id)).id;
    };
    // Made in the opposite order to their times: the newest-first list and the upcoming one disagree.
    const sooner = await schedule(first, 10);
    // The test's clock stands still: a millisecond apart, the two are told apart by when they were made.
    h.clock.advance(1);
    const later = await schedule(second, 20);
    const ours = (jobs: readonly Job[]) => jobs.map((job) => job.id).filter((id) => id === later || id === sooner);
    const newest = await admin.listJobs({ query: { state: 'scheduled' } });
    expect(ours(newest.jobs)).toEqual([later, sooner]);
    const soonest = await admin.listJobs({ query: { state: 'scheduled', order: 'soonest' } });
    expect(ours(soonest.jobs)).toEqual([sooner, later]);
    expect(soonest.nextBefore).toBeNull();
    const paged = await refusal(admin.listJobs({ query: { order: 'soonest', before: later } }));
    expect([paged.status, paged.code]).toEqual([400, 'BEFORE_NEEDS_NEWEST']);
    for (const id of [later, sooner]) await admin.cancelJob({ params: { id } });
  });

  it('when a time is past or too far ahead, then the job is refused naming it', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 1);
    const past = new Date(h.clock.now - 60_000).toISOString();
    const far = new Date(h.clock.now + 31 * 24 * 3_600_000).toISOString();
    const early = await refusal(
      admin.createJob({ body: { action: 'lock', params: {}, target: { ids }, runAt: past } }),
    );
    expect([early.status, early.code]).toEqual([400, 'RUN_AT_PAST']);
    const late = await refusal(admin.createJob({ body: { action: 'lock', params: {}, target: { ids }, runAt: far } }));
    expect([late.status, late.code]).toEqual([400, 'RUN_AT_TOO_FAR']);
    const loose = await refusal(
      admin.createJob({ body: { action: 'lock', params: {}, target: { ids }, runAt: '2027-01-01 10:00' } }),
    );
    expect(loose.status).toBe(400);
  });

  it('when roles meet jobs, then each may do only what its role allows', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 1);
    expect((await refusal(viewer.createJob({ body: { action: 'lock', params: {}, target: { ids } } }))).status).toBe(
      403,
    );
    expect((await refusal(helpdesk.createJob({ body: { action: 'wipe', params: {}, target: { ids } } }))).status).toBe(
      403,
    );
    const filterFq = helpdesk.createJob({
      body: { action: 'lock', params: {}, target: { filter: { fq: "platformType EQ 'IOS'" } } },
    });
    expect((await refusal(filterFq)).status).toBe(403);

    const helpdeskLock = await createJob(helpdesk, { action: 'lock', params: {}, target: { ids } });
    expect(helpdeskLock.state).toBe('draft');
    const adminsDraft = await createJob(admin, { action: 'lock', params: {}, target: { ids } });
    expect((await refusal(confirm(helpdesk, adminsDraft.id))).code).toBe('NOT_REQUESTER');
    expect((await refusal(helpdesk.cancelJob({ params: { id: adminsDraft.id } }))).status).toBe(403);
    expect((await admin.cancelJob({ params: { id: helpdeskLock.id } })).state).toBe('cancelled');
    expect((await refusal(admin2.approveJob({ params: { id: adminsDraft.id } }))).status).toBe(409);
    expect((await viewer.getJob({ params: { id: adminsDraft.id } })).id).toBe(adminsDraft.id);
    expect((await refusal(viewer.getJob({ params: { id: 'not-a-job' } }))).status).toBe(404);
  });

  it('when jobs are listed page by page, then each job appears once, newest first, with its counts', async () => {
    const all = await admin.listJobs({ query: { limit: 200 } });
    expect(all.jobs.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page = await admin.listJobs({ query: { limit: 2, ...(before === null ? {} : { before }) } });
      seen.push(...page.jobs.map((job) => job.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(all.jobs.map((job) => job.id));
    const single = await admin.getJob({ params: { id: seen[0] ?? '' } });
    expect(all.jobs[0]?.counts).toEqual(single.counts);
  });

  it('when failed and unknown devices are retried, then a new job targets just those', async () => {
    const ids = await deviceIds(ACTIVE_IOS, 2);
    const first = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    await confirm(admin, first.id);
    passUndoWindow();
    await waitForJob(admin, first.id, ['completed']);
    const none = admin.createJob({
      body: { action: 'forceCheckin', params: {}, target: { job: first.id, outcomes: ['failed', 'unknown'] } },
    });
    expect((await refusal(none)).code).toBe('NOTHING_TO_RETRY');
    const again = await createJob(admin, {
      action: 'forceCheckin',
      params: {},
      target: { job: first.id, outcomes: ['succeeded'] },
    });
    expect(again.frozenCount).toBe(2);
  });
});
