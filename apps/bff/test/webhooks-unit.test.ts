import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantSettings } from '@mdm-console/devkit/dev-tenant';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { RETRY_DELAYS_SECONDS, retryAt } from '../src/domain/webhooks/webhook-dispatcher.ts';
import { WebhookEvents, type JobFacts } from '../src/domain/webhooks/webhook-events.ts';
import { redactedReceiver } from '../src/domain/webhooks/webhook-log.ts';
import { signatureHeader, verifySignature } from '../src/domain/webhooks/webhook-signature.ts';

const SECRET = 'sixteen-chars-at-least';

describe('webhook signatures', () => {
  it('when the body, the secret or the time differ, then the signature does not verify', () => {
    const body = '{"type":"job.finished"}';
    const header = signatureHeader(SECRET, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, body, header, 1_800_000_100)).toBe(true);
    expect(verifySignature(SECRET, `${body} `, header, 1_800_000_100)).toBe(false);
    expect(verifySignature(`${SECRET}!`, body, header, 1_800_000_100)).toBe(false);
    // Replayed ten minutes later: refused by the receiver's clock.
    expect(verifySignature(SECRET, body, header, 1_800_000_600)).toBe(false);
    expect(verifySignature(SECRET, body, header.replace('t=1800000000', 't=1800000100'), 1_800_000_100)).toBe(false);
    expect(verifySignature(SECRET, body, 'v1=00', 1_800_000_100)).toBe(false);
  });
});

describe('webhook retries', () => {
  it('when attempts keep failing, then the waits grow from seconds to hours, and the delivery is given up after the last', () => {
    const waits = RETRY_DELAYS_SECONDS.map((_, k) => (retryAt(k + 1, 0) ?? Number.NaN) / 1000);
    expect(waits.slice(0, 3)).toEqual([1, 3, 10]);
    expect(waits.every((wait, k) => k === 0 || wait > (waits[k - 1] ?? 0))).toBe(true);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(3_600);
    expect(retryAt(RETRY_DELAYS_SECONDS.length + 1, 0)).toBeNull();
  });
});

describe('the delivery log', () => {
  it('when a receiver carries a token in its path or query, then the log shows only its origin and first segment', () => {
    expect(redactedReceiver('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe(
      'https://hooks.slack.com/services/…',
    );
    expect(redactedReceiver('https://prod.logic.azure.com/workflows/abc?sig=SECRET')).toBe(
      'https://prod.logic.azure.com/workflows/…',
    );
    expect(redactedReceiver('http://10.0.0.5:8080/mdm-events')).toBe('http://10.0.0.5:8080/mdm-events');
    expect(redactedReceiver('http://receiver.internal/')).toBe('http://receiver.internal');
  });
});

const job: JobFacts = {
  id: '0b7f6c1e-5d1a-4c55-9d33-6b1f2f0f6a11',
  action: 'wipe',
  targetDescription: '40 devices',
  spaceId: 1,
  requestedBy: 'ana@corp.example',
  approvedBy: null,
  frozenCount: 40,
  preflight: { eligible: 38, ineligible: 2, reasons: [{ code: 'NOT_SUPERVISED', count: 2 }] },
};

describe('webhook payloads', () => {
  const events = (format: 'json' | 'chat') =>
    new WebhookEvents(
      { urls: ['https://a.example/x', 'http://b.example/y'], secret: SECRET, format },
      () => 'https://console.example',
    );

  it('when a chat format is set, then the body is the {"text"} that Slack and Teams incoming webhooks take', () => {
    const [approval] = events('chat').aboutJob('job.approval_requested', job, { state: 'awaiting_approval' }, 0);
    expect(JSON.parse(approval?.body ?? '{}')).toEqual({
      text: `Approval needed: Wipe of 38 devices, requested by ana@corp.example. https://console.example/activity/jobs/${job.id}`,
    });
    const [finished] = events('chat').aboutJob(
      'job.finished',
      job,
      { state: 'completed', counts: { pending: 0, succeeded: 36, ineligible: 2, failed: 0, unknown: 0, cancelled: 0 } },
      0,
    );
    expect(JSON.parse(finished?.body ?? '{}')).toEqual({
      text: `Wipe of 38 devices completed: 36 succeeded, 2 ineligible. https://console.example/activity/jobs/${job.id}`,
    });
  });

  it('when there are two receivers, then one event has a delivery for each, with the same body', () => {
    const [event] = events('json').aboutJob('job.approval_requested', job, { state: 'awaiting_approval' }, 0);
    expect(event?.deliveries.map((delivery) => delivery.url)).toEqual(['https://a.example/x', 'http://b.example/y']);
    expect(new Set(event?.deliveries.map((delivery) => delivery.id)).size).toBe(2);
    expect(JSON.parse(event?.body ?? '{}')).toMatchObject({ id: event?.eventId, type: 'job.approval_requested' });
  });
});

describe('webhook settings', () => {
  const base = { ...tenantSettings('http://127.0.0.1:1'), DATABASE_URL: ':memory:' };

  it('when receivers are set without a long enough secret, or with a URL that is not http(s), then the console does not start', () => {
    expect(() => loadConfig({ ...base, WEBHOOK_URLS: 'https://a.example/x' })).toThrow(
      /WEBHOOK_SECRET: must be at least 16/,
    );
    expect(() => loadConfig({ ...base, WEBHOOK_URLS: 'https://a.example/x', WEBHOOK_SECRET: 'short' })).toThrow(
      /WEBHOOK_SECRET/,
    );
    const folder = mkdtempSync(join(tmpdir(), 'mdm-webhook-secret-'));
    writeFileSync(join(folder, 'secret'), 'short\n');
    expect(() =>
      loadConfig({ ...base, WEBHOOK_URLS: 'https://a.example/x', WEBHOOK_SECRET_FILE: join(folder, 'secret') }),
    ).toThrow(/WEBHOOK_SECRET_FILE: must be at least 16/);
    rmSync(folder, { recursive: true, force: true });
    expect(() => loadConfig({ ...base, WEBHOOK_URLS: 'ftp://a.example/x', WEBHOOK_SECRET: SECRET })).toThrow(
      /WEBHOOK_URLS/,
    );
    const config = loadConfig({
      ...base,
      WEBHOOK_URLS: 'https://a.example/x, http://10.0.0.5:8080/hook',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_FORMAT: 'chat',
    });
    expect(config.webhooks).toEqual({
      urls: ['https://a.example/x', 'http://10.0.0.5:8080/hook'],
      secret: SECRET,
      format: 'chat',
    });
    expect(loadConfig(base).webhooks.urls).toEqual([]);
  });
});
