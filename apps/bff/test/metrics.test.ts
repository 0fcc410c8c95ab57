import { prometheusSamples, sumOf } from '@mdm-console/devkit/prometheus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, simControl, startHarness, waitForJob, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ METRICS_PORT: '0', JOB_UNDO_SECONDS: '0' });
});
afterAll(async () => {
  await h.close();
});

async function scrape(): Promise<Map<string, number>> {
  const url = h.bff.metricsUrl;
  if (url === undefined) throw new Error('METRICS_PORT was set, and no metrics listener started');
  const response = await fetch(url);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return prometheusSamples(await response.text());
}

describe('metrics', () => {
  it('when METRICS_PORT is set, then /metrics is served on its own loopback listener and not on the browser port', async () => {
    const url = new URL(h.bff.metricsUrl ?? 'http://missing');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).not.toBe(new URL(h.bff.url).port);
    // The browser's port answers /metrics with the web app, like any other path that is not the API.
    const onBrowserPort = await fetch(`${h.bff.url}/metrics`, { headers: { 'x-csrf': '1' } });
    expect(await onBrowserPort.text()).not.toContain('http_requests_total');
  });

  it('when requests, vendor calls and a job have run, then each is counted by its template and outcome', async () => {
    const api = await signedIn(h.bff.url, 'admin@demo.local');
    await api.getDevice({ params: { id: 22005 } });
    await api.getDevice({ params: { id: 22006 } });
    const active = await api.searchDevices({ query: { size: 3, f: ['registrationState:ACTIVE'] } });
    const ids = active.rows.map((row) => row.id);
    const job = await api.createJob({ body: { action: 'lock', params: {}, target: { ids } } });
    const draft = await waitForJob(api, job.id, ['draft']);
    await api.confirmJob({ params: { id: draft.id }, body: {} });
    const done = await waitForJob(api, job.id, ['completed']);
    await simControl(h.sim.url, 'PUT', '/__sim/faults', { throttleRate: 1 });
    await api.searchDevices({ query: { q: 'throttled-on-purpose' } }).catch(() => undefined);
    await simControl(h.sim.url, 'PUT', '/__sim/faults', {});

    const samples = await scrape();
    expect(samples.get('http_requests_total{method="GET",route="/api/devices/:id",status="200"}')).toBe(2);
    expect(samples.get('http_request_duration_seconds_count{method="GET",route="/api/devices/:id",status="200"}')).toBe(
      2,
    );
    const vendorCalls = [...samples].filter(([name]) => name.startsWith('mdm_vendor_requests_total{'));
    expect(vendorCalls.some(([name]) => name.includes('call="GET /api/v1/device/:id"'))).toBe(true);
    // A throttled read is tried four times (three retries): each 429 is counted, as it happened.
    const throttled = (name: string) => name.startsWith('mdm_vendor_requests_total{') && name.includes('status="429"');
    expect(sumOf(samples, throttled)).toBeGreaterThanOrEqual(4);
    expect(samples.get('mdm_job_items_total{action="lock",outcome="succeeded"}')).toBe(done.counts.succeeded);
    expect(sumOf(samples, (name) => name.startsWith('mdm_job_items_total{action="lock"'))).toBe(3);
    expect(samples.get('mdm_jobs{state="completed"}')).toBe(1);
    expect(samples.get('mdm_sessions_active')).toBeGreaterThanOrEqual(1);
    expect(samples.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });
});
