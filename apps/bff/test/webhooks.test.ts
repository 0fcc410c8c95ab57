import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { startSimProcess, type SimProcess } from '@mdm-console/devkit/sim-process';
import { WEBHOOK_HEADERS, type ApiClient, type Job } from '@mdm-console/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.ts';
import { verifySignature } from '../src/domain/webhooks/webhook-signature.ts';
import { createLogger } from '../src/http/context.ts';
import { startBff, type RunningBff } from '../src/server.ts';
import { DEMO_PASSWORD, signedIn, waitForJob } from './harness.ts';
import { Receiver, type Received } from './webhook-receiver.ts';
import { freshDatabase, type TestDatabase } from './test-database.ts';

const SECRET = 'a-webhook-secret-of-some-length';

let sim: SimProcess;
let database: TestDatabase;
let receiver: Receiver;
let config: Config;
let bff: RunningBff;
let admin: ApiClient;

const start = async (): Promise<void> => {
  bff = await startBff(config, { logger: createLogger('silent') });
  admin = await signedIn(bff.url, 'admin@demo.local');
};

beforeAll(async () => {
  sim = await startSimProcess({ SIM_PORT: '0', SIM_DEVICES: '300', SIM_ACTION_DELAY_MS: '10' }, { quiet: true });
  database = await freshDatabase();
  receiver = new Receiver();
  config = loadConfig({
    ...tenantSettings(sim.url),
    DATABASE_URL: database.url,
    PORT: '0',
    DEMO_MODE: 'true',
    JOB_UNDO_SECONDS: '0',
    JOB_APPROVAL_THRESHOLD: '5',
    WEBHOOK_URLS: await receiver.listen(),
    WEBHOOK_SECRET: SECRET,
  });
  await start();
});

afterAll(async () => {
  await bff.close();
  receiver.close();
  await sim.stop();
  await database.drop();
});

async function activeIds(count: number, platform = 'IOS'): Promise<number[]> {
  const page = await admin.searchDevices({
    query: { f: [`platform:${platform}`, 'registrationState:ACTIVE'], size: count, sort: 'id', order: 'asc' },
  });
  return page.rows.map((row) => row.id);
}

async function lock(ids: readonly number[]): Promise<Job> {
  const created = await admin.createJob({ body: { action: 'lock', params: {}, target: { ids: [...ids] } } });
  const draft = await waitForJob(admin, created.id, ['draft']);
  await admin.confirmJob({ params: { id: draft.id }, body: {} });
  return waitForJob(admin, draft.id, ['completed']);
}

const deliveryIdOf = (request: Received | undefined) => request?.headers[WEBHOOK_HEADERS.delivery.toLowerCase()];

describe('outgoing webhooks', () => {
  it('when a job needs a second admin, then the receiver gets job.approval_requested, signed with the secret', async () => {
    const ids = await activeIds(8);
    const created = await admin.createJob({
      body: { action: 'wipe', params: { iosPreserveDataPlan: true }, target: { ids } },
    });
    const draft = await waitForJob(admin, created.id, ['draft']);
    const confirmed = await admin.confirmJob({
      params: { id: draft.id },
      body: { typed: draft.typedConfirmation ?? '' },
    });
    expect(confirmed.state).toBe('awaiting_approval');

    await receiver.until(() => receiver.about(draft.id, 'job.approval_requested').length > 0);
    const [request] = receiver.about(draft.id, 'job.approval_requested');
    const body = request?.body ?? '';
    const signature = String(request?.headers[WEBHOOK_HEADERS.signature.toLowerCase()]);
    expect(verifySignature(SECRET, body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature('another-secret-entirely', body, signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature(SECRET, body.replace('wipe', 'lock'), signature, Math.floor(Date.now() / 1000))).toBe(false);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(body)).toMatchObject({
      type: 'job.approval_requested',
      job: {
        id: draft.id,
        action: 'wipe',
        state: 'awaiting_approval',
        requestedBy: 'admin@demo.local',
        eligible: 8,
        url: `${bff.url}/activity/jobs/${draft.id}`,
      },
    });
    await admin.cancelJob({ params: { id: draft.id } });
    await receiver.until(() => receiver.about(draft.id, 'job.finished').length > 0);
    expect(JSON.parse(receiver.about(draft.id, 'job.finished')[0]?.body ?? '{}')).toMatchObject({
      job: { state: 'cancelled', counts: { cancelled: 8, pending: 0 } },
    });
  });

  it('when the receiver fails twice, then the third attempt delivers, and a delivered event is never sent again', async () => {
    receiver.failures = 2;
    const job = await lock(await activeIds(3));
    await receiver.until(() => receiver.about(job.id, 'job.finished').some((request) => request.status === 204));
    const attempts = receiver.about(job.id, 'job.finished');
    expect(attempts.map((request) => request.status)).toEqual([500, 500, 204]);
    // One delivery, tried three times: the same id on each attempt, for a receiver to recognise a repeat.
    expect(new Set(attempts.map(deliveryIdOf)).size).toBe(1);
    expect(JSON.parse(attempts[2]?.body ?? '{}')).toMatchObject({
      type: 'job.finished',
      job: { id: job.id, state: 'completed', counts: { succeeded: 3 } },
    });

    const { deliveries, receivers } = await admin.listWebhookDeliveries({ query: {} });
    expect(receivers).toBe(1);
    const logged = deliveries.find((delivery) => delivery.id === deliveryIdOf(attempts[0]));
    expect(logged).toMatchObject({
      event: 'job.finished',
      jobId: job.id,
      state: 'delivered',
      attempts: 3,
      lastStatus: 204,
    });
    expect(logged?.receiver).toBe(`${new URL(config.webhooks.urls[0] ?? '').origin}/hooks/…`);
    expect(JSON.stringify(deliveries)).not.toContain('T0KEN');

    // Longer than the first retry's wait: a delivered event stays delivered.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.about(job.id, 'job.finished')).toHaveLength(3);
    const failedOnly = await admin.listWebhookDeliveries({ query: { state: 'failed' } });
    expect(failedOnly.deliveries).toEqual([]);
  });

  it('when the console restarts while a receiver is down, then the event waits in the outbox and is delivered once after', async () => {
    receiver.down = true;
    const job = await lock(await activeIds(2, 'ANDROID'));
    await receiver.until(() => receiver.about(job.id, 'job.finished').length > 0);
    const before = await admin.listWebhookDeliveries({ query: { state: 'pending' } });
    const waiting = before.deliveries.find((delivery) => delivery.jobId === job.id);
    expect(waiting).toMatchObject({ lastStatus: 503, lastError: 'answered 503' });
    expect(waiting?.nextAttemptAt).not.toBeNull();
    await bff.close();

    receiver.down = false;
    await start();
    await receiver.until(() => receiver.about(job.id, 'job.finished').some((request) => request.status === 204));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const attempts = receiver.about(job.id, 'job.finished');
    expect(attempts.filter((request) => request.status === 204)).toHaveLength(1);
    expect(attempts.every((request) => request.status === 503 || request === attempts.at(-1))).toBe(true);
    const { deliveries } = await admin.listWebhookDeliveries({ query: { state: 'delivered' } });
    expect(deliveries.find((delivery) => delivery.jobId === job.id)?.attempts).toBe(attempts.length);
  });

  it('when a job in waves pauses between them, then the receiver gets job.paused saying where it stands', async () => {
    const ids = await activeIds(4);
    const created = await admin.createJob({
      body: {
        action: 'lock',
        params: {},
        target: { ids },
        waves: { first: 1, then: '100%', haltAbovePercent: 10, pause: 'manual' },
      },
    });
    const draft = await waitForJob(admin, created.id, ['draft']);
    await admin.confirmJob({ params: { id: draft.id }, body: {} });
    await waitForJob(admin, draft.id, ['paused']);
    await receiver.until(() => receiver.about(draft.id, 'job.paused').some((request) => request.status === 204));
    expect(JSON.parse(receiver.about(draft.id, 'job.paused')[0]?.body ?? '{}')).toMatchObject({
      type: 'job.paused',
      job: { id: draft.id, state: 'paused', reason: 'Wave 1 of 2 done.' },
    });
    await admin.cancelJob({ params: { id: draft.id } });
  });

  it('when a helpdesk user asks for the delivery log, then it is refused; an admin of another space sees none of these jobs', async () => {
    const helpdesk = await signedIn(bff.url, 'helpdesk@demo.local');
    await expect(helpdesk.listWebhookDeliveries({ query: {} })).rejects.toMatchObject({ status: 403 });
    expect((await admin.listWebhookDeliveries({ query: {} })).deliveries.length).toBeGreaterThan(0);
    await bff.services.accounts.ensure('elsewhere@demo.local', DEMO_PASSWORD, [{ role: 'admin', spaces: [987_654] }]);
    const elsewhere = await signedIn(bff.url, 'elsewhere@demo.local');
    expect((await elsewhere.listWebhookDeliveries({ query: {} })).deliveries).toEqual([]);
  });
});
