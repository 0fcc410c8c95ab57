import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DEMO_PASSWORD,
  errorCode,
  signIn,
  simActions,
  startHarness,
  waitForJob,
  type Harness,
  type JobReply,
} from './harness.ts';

let h: Harness;
let base: string;
let admin: string;
let admin2: string;
let helpdesk: string;
let viewer: string;

const UNDO_MS = 10_000;

async function deviceIds(filters: string, size: number): Promise<number[]> {
  const reply = await call(base, 'GET', `/api/devices?size=${String(size)}&sort=id&order=asc&${filters}`, {
    cookie: admin,
  });
  return (reply.json as { rows: { id: number }[] }).rows.map((row) => row.id);
}

async function createJob(cookie: string, body: unknown): Promise<JobReply> {
  const reply = await call(base, 'POST', '/api/jobs', { cookie, body });
  expect(reply.status, reply.text).toBe(200);
  return waitForJob(base, cookie, (reply.json as JobReply).id, ['draft', 'failed']);
}

async function confirm(cookie: string, id: string, typed?: string) {
  return call(base, 'POST', `/api/jobs/${id}/confirm`, { cookie, body: typed === undefined ? {} : { typed } });
}

/** Lets the undo window pass on the BFF's clock. */
function passUndoWindow(): void {
  h.clock.advance(UNDO_MS + 1);
  h.bff.services.runner.wake();
}

async function actionsOn(action: string, ids: readonly number[]): Promise<number> {
  const wanted = new Set(ids);
  return (await simActions(h.sim.url)).filter((entry) => entry.action === action && wanted.has(entry.deviceId)).length;
}

beforeAll(async () => {
  h = await startHarness({ JOB_FOLLOW_POLL_MS: '100', JOB_APPROVAL_THRESHOLD: '25' });
  base = h.bff.url;
  await h.bff.services.accounts.ensure('admin2@demo.local', DEMO_PASSWORD, 'admin');
  admin = await signIn(base, 'admin@demo.local');
  admin2 = await signIn(base, 'admin2@demo.local');
  helpdesk = await signIn(base, 'helpdesk@demo.local');
  viewer = await signIn(base, 'viewer@demo.local');
});
afterAll(async () => {
  await h.close();
});

describe('a job from request to outcome', () => {
  it('when a lock of 3 devices is confirmed and the undo window passes, then each is locked once and audited', async () => {
    const ids = await deviceIds('f=platform:IOS&f=registrationState:ACTIVE', 3);
    const draft = await createJob(admin, { action: 'lock', params: {}, target: { ids } });
    expect(draft).toMatchObject({ state: 'draft', frozenCount: 3, typedConfirmation: null });
    expect(draft.preflight).toMatchObject({ eligible: 3, ineligible: 0 });

    const confirmed = await confirm(admin, draft.id);
    expect(confirmed.json).toMatchObject({ state: 'scheduled' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await actionsOn('lock', ids)).toBe(0);

    passUndoWindow();
    const done = await waitForJob(base, admin, draft.id, ['completed']);
    expect(done.counts).toMatchObject({ succeeded: 3, pending: 0, failed: 0, unknown: 0 });
    expect(await actionsOn('lock', ids)).toBe(3);

    const audit = (await call(base, 'GET', '/api/audit?limit=50', { cookie: admin })).json as {
      events: { action: string; targets: unknown; outcome: string }[];
    };
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
    const ids = await deviceIds('f=platform:ANDROID&f=registrationState:ACTIVE', 4);
    const draft = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    expect((await confirm(admin, draft.id)).status).toBe(200);
    const cancelled = await call(base, 'POST', `/api/jobs/${draft.id}/cancel`, { cookie: admin });
    expect(cancelled.json).toMatchObject({ state: 'cancelled', counts: { cancelled: 4 } });
    passUndoWindow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await actionsOn('forceCheckin', ids)).toBe(0);
  });

  it('when devices cannot take the action, then the preflight groups them by reason, explained', async () => {
    const android = await deviceIds('f=platform:ANDROID', 5);
    const ios = await deviceIds('f=platform:IOS&f=supervised:true&f=registrationState:ACTIVE&f=lostMode:false', 2);
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
    const total = (
      (await call(base, 'GET', '/api/devices?size=1&f=platform:OSX', { cookie: admin })).json as { total: number }
    ).total;
    const draft = await createJob(admin, {
      action: 'forceCheckin',
      params: {},
      target: { filter: { q: '', f: ['platform:OSX'] } },
    });
    expect(draft.frozenCount).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it('when devices are reassigned in bulk, then only eligible ones are sent and each is followed to its final status', async () => {
    const supervised = await deviceIds('f=platform:IOS&f=supervised:true&f=registrationState:ACTIVE', 3);
    const unsupervised = await deviceIds('f=platform:IOS&f=supervised:false&f=registrationState:ACTIVE', 1);
    const owner = (
      (await call(base, 'GET', '/api/devices?size=1&f=platform:ANDROID', { cookie: admin })).json as {
        rows: { ownerId: number }[];
      }
    ).rows[0]?.ownerId;
    const draft = await createJob(admin, {
      action: 'reassign',
      params: { userId: owner },
      target: { ids: [...supervised, ...unsupervised] },
    });
    expect(draft.preflight).toMatchObject({ eligible: 3, ineligible: 1 });
    expect(draft.preflight?.reasons.map((reason) => reason.code)).toEqual(['NOT_SUPERVISED']);
    await confirm(admin, draft.id);
    passUndoWindow();
    const done = await waitForJob(base, admin, draft.id, ['completed']);
    expect(done.awaitingFinalState).toBe(0);
    expect(done.counts.succeeded + done.counts.failed).toBe(3);
    expect(await actionsOn('updateAccount', supervised)).toBe(3);
    expect(await actionsOn('updateAccount', unsupervised)).toBe(0);
    const items = (await call(base, 'GET', `/api/jobs/${draft.id}/items?outcome=succeeded`, { cookie: admin }))
      .json as {
      items: { followedState: string }[];
    };
    expect(items.items.every((item) => item.followedState === 'SUCCESS')).toBe(true);
  });

  it('when parameters break the vendor rules, then 400 with the field named', async () => {
    const ids = await deviceIds('f=platform:IOS', 1);
    for (const body of [
      { action: 'unlock', params: { pin: '12' }, target: { ids } },
      { action: 'enableLostMode', params: { message: 'x', footnote: 'sixteen chars!!!' }, target: { ids } },
      { action: 'scheduleOSUpdate', params: { version: 'latest' }, target: { ids } },
      { action: 'wipe', params: { returnToServiceEnabled: true }, target: { ids } },
      { action: 'lock', params: {}, target: { ids: [] } },
    ]) {
      const reply = await call(base, 'POST', '/api/jobs', { cookie: admin, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(reply)).toBe('VALIDATION_FAILED');
    }
  });

  it('when the job is followed by events and as CSV, then both tell each device’s outcome', async () => {
    const ids = await deviceIds('f=platform:IOS&f=registrationState:ACTIVE', 2);
    const draft = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    await confirm(admin, draft.id);
    const events = fetch(`${base}/api/jobs/${draft.id}/events`, { headers: { 'x-csrf': '1', cookie: admin } }).then(
      (response) => response.text(),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    passUndoWindow();
    const stream = await events;
    const states = [...stream.matchAll(/^data: (.*)$/gm)].map(
      (match) => (JSON.parse(match[1] ?? '{}') as JobReply).state,
    );
    expect(states[0]).toBe('scheduled');
    expect(states.at(-1)).toBe('completed');

    const csv = await call(base, 'GET', `/api/jobs/${draft.id}/items.csv`, { cookie: admin });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^device_id,device_name,platform,owner,outcome/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.includes(',succeeded,'))).toBe(true);
  });
});

describe('the safety rails', () => {
  it('when a destructive action is confirmed, then the typed words must match "<action> <count>"', async () => {
    const ids = await deviceIds('f=platform:ANDROID&f=registrationState:ACTIVE', 2);
    const draft = await createJob(admin, { action: 'retire', params: {}, target: { ids } });
    expect(draft.typedConfirmation).toBe('retire 2');
    const wrong = await confirm(admin, draft.id, 'retire 3');
    expect(errorCode(wrong)).toBe('TYPED_CONFIRMATION_MISMATCH');
    expect((await confirm(admin, draft.id)).status).toBe(400);
    const right = await confirm(admin, draft.id, 'retire 2');
    expect(right.json).toMatchObject({ state: 'scheduled' });
    await call(base, 'POST', `/api/jobs/${draft.id}/cancel`, { cookie: admin });
  });

  it('when a wipe goes over the threshold, then a second admin must approve, never the requester', async () => {
    const ids = await deviceIds('f=registrationState:ACTIVE&f=platform:IOS', 30);
    const draft = await createJob(admin, { action: 'wipe', params: { iosPreserveDataPlan: true }, target: { ids } });
    const typed = draft.typedConfirmation ?? '';
    expect(typed).toBe('wipe 30');
    const waiting = (await confirm(admin, draft.id, typed)).json as JobReply;
    expect(waiting).toMatchObject({ state: 'awaiting_approval', needsApproval: true });

    const self = await call(base, 'POST', `/api/jobs/${draft.id}/approve`, { cookie: admin });
    expect([self.status, errorCode(self)]).toEqual([403, 'SELF_APPROVAL']);
    const byHelpdesk = await call(base, 'POST', `/api/jobs/${draft.id}/approve`, { cookie: helpdesk });
    expect(byHelpdesk.status).toBe(403);
    passUndoWindow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await actionsOn('wipe', ids)).toBe(0);

    const approved = await call(base, 'POST', `/api/jobs/${draft.id}/approve`, { cookie: admin2 });
    expect(approved.json).toMatchObject({ state: 'scheduled' });
    passUndoWindow();
    const done = await waitForJob(base, admin, draft.id, ['completed']);
    expect(done.counts.succeeded).toBe(30);
    expect(done.awaitingFinalState).toBe(0);
    expect(await actionsOn('wipe', ids)).toBe(30);
    const items = (await call(base, 'GET', `/api/jobs/${draft.id}/items?limit=500`, { cookie: admin })).json as {
      items: { followedState: string }[];
    };
    expect(new Set(items.items.map((item) => item.followedState))).toEqual(new Set(['WIPED']));
  });

  it('when an approval waits more than 24 h, then it expires and cannot be approved', async () => {
    const ids = await deviceIds('f=registrationState:ACTIVE&f=platform:ANDROID', 3);
    // The wipe above already used the day's threshold: any further destructive job needs approval.
    const draft = await createJob(admin, { action: 'retire', params: {}, target: { ids } });
    const waiting = (await confirm(admin, draft.id, draft.typedConfirmation ?? '')).json as JobReply;
    expect(waiting.state).toBe('awaiting_approval');
    h.clock.advance(25 * 3_600_000);
    const approver = await signIn(base, 'admin2@demo.local');
    const late = await call(base, 'POST', `/api/jobs/${draft.id}/approve`, { cookie: approver });
    expect([late.status, errorCode(late)]).toEqual([409, 'APPROVAL_EXPIRED']);
    expect((await waitForJob(base, approver, draft.id, ['expired'])).state).toBe('expired');
    admin = await signIn(base, 'admin@demo.local');
    helpdesk = await signIn(base, 'helpdesk@demo.local');
    viewer = await signIn(base, 'viewer@demo.local');
    admin2 = approver;
  });

  it('when roles meet jobs, then each may do only what its role allows', async () => {
    const ids = await deviceIds('f=platform:IOS&f=registrationState:ACTIVE', 1);
    const byViewer = await call(base, 'POST', '/api/jobs', {
      cookie: viewer,
      body: { action: 'lock', params: {}, target: { ids } },
    });
    expect(byViewer.status).toBe(403);
    const wipeByHelpdesk = await call(base, 'POST', '/api/jobs', {
      cookie: helpdesk,
      body: { action: 'wipe', params: {}, target: { ids } },
    });
    expect(wipeByHelpdesk.status).toBe(403);
    const filterFq = await call(base, 'POST', '/api/jobs', {
      cookie: helpdesk,
      body: { action: 'lock', params: {}, target: { filter: { fq: "platformType EQ 'IOS'" } } },
    });
    expect(filterFq.status).toBe(403);

    const helpdeskLock = await createJob(helpdesk, { action: 'lock', params: {}, target: { ids } });
    expect(helpdeskLock.state).toBe('draft');
    const adminsDraft = await createJob(admin, { action: 'lock', params: {}, target: { ids } });
    expect(errorCode(await confirm(helpdesk, adminsDraft.id))).toBe('NOT_REQUESTER');
    expect((await call(base, 'POST', `/api/jobs/${adminsDraft.id}/cancel`, { cookie: helpdesk })).status).toBe(403);
    expect((await call(base, 'POST', `/api/jobs/${helpdeskLock.id}/cancel`, { cookie: admin })).status).toBe(200);
    expect((await call(base, 'POST', `/api/jobs/${adminsDraft.id}/approve`, { cookie: admin2 })).status).toBe(409);
    expect((await call(base, 'GET', `/api/jobs/${adminsDraft.id}`, { cookie: viewer })).status).toBe(200);
    expect((await call(base, 'GET', '/api/jobs/not-a-job', { cookie: viewer })).status).toBe(404);
  });

  it('when jobs are listed page by page, then each job appears once, newest first, with its counts', async () => {
    const all = (await call(base, 'GET', '/api/jobs?limit=200', { cookie: admin })).json as {
      jobs: JobReply[];
      nextBefore: string | null;
    };
    expect(all.jobs.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page = (await call(base, 'GET', `/api/jobs?limit=2${before ? `&before=${before}` : ''}`, { cookie: admin }))
        .json as { jobs: JobReply[]; nextBefore: string | null };
      seen.push(...page.jobs.map((job) => job.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(all.jobs.map((job) => job.id));
    const single = (await call(base, 'GET', `/api/jobs/${seen[0] ?? ''}`, { cookie: admin })).json as JobReply;
    expect(all.jobs[0]?.counts).toEqual(single.counts);
  });

  it('when failed and unknown devices are retried, then a new job targets just those', async () => {
    const ids = await deviceIds('f=platform:IOS&f=registrationState:ACTIVE', 2);
    const first = await createJob(admin, { action: 'forceCheckin', params: {}, target: { ids } });
    await confirm(admin, first.id);
    passUndoWindow();
    await waitForJob(base, admin, first.id, ['completed']);
    const none = await call(base, 'POST', '/api/jobs', {
      cookie: admin,
      body: { action: 'forceCheckin', params: {}, target: { job: first.id, outcomes: ['failed', 'unknown'] } },
    });
    expect(errorCode(none)).toBe('NOTHING_TO_RETRY');
    const again = await createJob(admin, {
      action: 'forceCheckin',
      params: {},
      target: { job: first.id, outcomes: ['succeeded'] },
    });
    expect(again.frozenCount).toBe(2);
  });
});
