import {
  DEMO_PASSWORD,
  type ApiClient,
  type DeviceRow,
  type ImportEntry,
  type ImportSummary,
  type Job,
} from '@mdm-console/contract';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, refusal, signIn, apiAs, startHarness, waitForJob, type Harness } from './harness.ts';

/** CSV import: preview categories, paging and download, apply as jobs, and bad files, against the simulator. */
let h: Harness;
let base: string;
let admin: ApiClient;
let adminCookie: string;

const UNDO_MS = 10_000;

async function devices(f: string[], size: number): Promise<DeviceRow[]> {
  return (await admin.searchDevices({ query: { f, size, sort: 'id', order: 'asc' } })).rows;
}

async function allEntries(id: string): Promise<ImportEntry[]> {
  const entries: ImportEntry[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await admin.listImportEntries({
      params: { id },
      query: { limit: 3, ...(after === undefined ? {} : { after }) },
    });
    entries.push(...page.entries);
    if (page.nextAfter === null) return entries;
    after = page.nextAfter;
  }
}

async function applyAndWait(summary: ImportSummary, action: 'setAttributes' | 'assignOwners'): Promise<Job> {
  const created = await admin.createJob({
    body: { action, params: { import: summary.id }, target: { import: summary.id } },
  });
  const draft = await waitForJob(admin, created.id, ['draft', 'failed']);
  expect(draft.state).toBe('draft');
  await admin.confirmJob({ params: { id: draft.id }, body: {} });
  h.clock.advance(UNDO_MS + 1);
  h.bff.services.runner.wake();
  return waitForJob(admin, draft.id, ['completed']);
}

/** Successful previews so far, from the audit log: a refused file must not add one. */
async function previewsMade(): Promise<number> {
  const page = await admin.listAudit({ query: { action: 'import.preview', limit: 500 } });
  return page.events.filter((event) => event.outcome === 'succeeded').length;
}

beforeAll(async () => {
  h = await startHarness({ JOB_FOLLOW_POLL_MS: '100' });
  base = h.bff.url;
  adminCookie = await signIn(base, 'admin@demo.local');
  admin = apiAs(base, adminCookie);
});
afterAll(async () => {
  await h.close();
});

describe('the preview of an import', () => {
  it('when a file mixes changes, unchanged devices, unknown, repeated and invalid rows, then each lands in its category with old → new values, paged and downloadable', async () => {
    const [a, b, c, d, e, f] = await devices(['platform:IOS', 'supervised:true', 'registrationState:ACTIVE'], 6);
    if (!a || !b || !c || !d || !e || !f) throw new Error('the tenant has too few supervised iPhones');
    await admin.mergeCustomAttributes({ params: { id: String(b.id) }, body: { attrs: { costCentre: ['CC-2'] } } });
    const newOwner = (await devices(['platform:ANDROID'], 1))[0];
    const csv = [
      'serialNumber,attr:costCentre,attr:seats_#,owner',
      `${a.serialNumber ?? ''},CC-1,"3,5",${newOwner?.emailAddress ?? ''}`,
      `${b.serialNumber ?? ''},CC-2,,`,
      'NOPE-000000,CC-9,,',
      `${c.serialNumber ?? ''},CC-3,,`,
      `${(c.serialNumber ?? '').toLowerCase()},CC-4,,`,
      `${d.serialNumber ?? ''},CC-5,many,`,
      `${e.serialNumber ?? ''},,,nobody@nowhere.example`,
      ',CC-7,,',
      `${f.serialNumber ?? ''},"two lines:\nhere",,`,
      `${f.serialNumber ?? 'x'}X,CC-8`,
    ].join('\r\n');
    const summary = await admin.createImport({
      body: { csv: `\uFEFF${csv}`, key: 'serialNumber', fileName: 'fix.csv' },
    });
    expect(summary).toMatchObject({
      fileName: 'fix.csv',
      key: 'serialNumber',
      columns: ['attr:costCentre', 'attr:seats_#', 'owner'],
      rows: 10,
      matchedDevices: 3,
      counts: { change: 3, unchanged: 1, unmatched: 1, ambiguous: 0, duplicate: 2, invalid: 4 },
      devicesToChange: { attributes: 2, owner: 1 },
    });

    const entries = await allEntries(summary.id);
    expect(entries).toHaveLength(11);
    expect(entries.map((entry) => entry.row)).toEqual([...entries.map((entry) => entry.row)].sort((x, y) => x - y));
    const of = (category: string) => entries.filter((entry) => entry.category === category);
    const aAttributes = of('change').find((entry) => entry.deviceId === a.id && entry.kind === 'attributes');
    expect(aAttributes?.changes).toEqual([
      { field: 'attr:costCentre', from: null, to: 'CC-1' },
      { field: 'attr:seats_#', from: null, to: '3.5' },
    ]);
    expect(of('change').find((entry) => entry.deviceId === a.id && entry.kind === 'owner')?.changes).toEqual([
      { field: 'owner', from: a.emailAddress, to: newOwner?.emailAddress },
    ]);
    expect(of('change').find((entry) => entry.deviceId === f.id)?.changes).toEqual([
      { field: 'attr:costCentre', from: null, to: 'two lines:\nhere' },
    ]);
    expect(of('unchanged').map((entry) => entry.deviceId)).toEqual([b.id]);
    expect(of('unmatched').map((entry) => entry.key)).toEqual(['NOPE-000000']);
    expect(of('duplicate').map((entry) => entry.row)).toEqual([5, 6]);
    expect(of('invalid').map((entry) => entry.message)).toEqual([
      'attr:seats_#: "many" is not a number',
      'owner: no user has the e-mail or UID "nobody@nowhere.example".',
      'The row has no serialNumber.',
      'The row does not have one cell per column of the header (4).',
    ]);

    const filtered = await admin.listImportEntries({
      params: { id: summary.id },
      query: { category: 'invalid', limit: 2 },
    });
    expect(filtered.entries).toHaveLength(2);
    expect(filtered.nextAfter).not.toBeNull();

    const download = await fetch(`${base}/api/imports/${summary.id}/entries.csv`, {
      headers: { 'x-csrf': '1', cookie: adminCookie },
    });
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows: string[][] = parse((await download.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['line', 'key', 'category', 'device_id', 'device_name', 'field', 'from', 'to', 'message']);
    // One row per changed field, one per other entry.
    expect(rows.slice(1)).toHaveLength(12);
    expect(rows).toContainEqual([
      '2',
      a.serialNumber,
      'change',
      String(a.id),
      a.deviceName ?? '',
      'attr:seats_#',
      '',
      '3.5',
      '',
    ]);
  });

  it('when a European file uses ";" and keys by e-mail, then every device of each user is previewed', async () => {
    const [device] = await devices(['platform:ANDROID'], 1);
    const email = device?.emailAddress ?? '';
    const owned = (await admin.searchDevices({ query: { fq: `emailAddress EQ '${email}'`, size: 100 } })).rows;
    expect(owned.length).toBeGreaterThan(0);
    const summary = await admin.createImport({
      body: { csv: `email;attr:site\n${email.toUpperCase()};"Lyon; Paris"\n`, key: 'email' },
    });
    expect(summary.matchedDevices).toBe(owned.length);
    const entries = await allEntries(summary.id);
    expect(new Set(entries.map((entry) => entry.deviceId))).toEqual(new Set(owned.map((row) => row.id)));
    expect(entries[0]?.changes).toEqual([{ field: 'attr:site', from: null, to: 'Lyon; Paris' }]);
  });
});

describe('applying an import', () => {
  it('when the preview is applied, then one job per kind of change sets the attributes and reassigns the owners in the simulator', async () => {
    const targets = await devices(['platform:IOS', 'supervised:true', 'registrationState:ACTIVE'], 40);
    const [newOwner] = await devices(['platform:ANDROID'], 1);
    const chosen = targets.slice(20, 30);
    const csv = [
      'id,attr:assetTag,owner',
      ...chosen.map((row, k) => `${String(row.id)},AT-${String(k)},${k < 3 ? (newOwner?.emailAddress ?? '') : ''}`),
    ].join('\n');
    const summary = await admin.createImport({ body: { csv, key: 'id' } });
    expect(summary.devicesToChange).toEqual({ attributes: 10, owner: 3 });

    const attributes = await applyAndWait(summary, 'setAttributes');
    expect(attributes.counts).toMatchObject({ succeeded: 10, failed: 0, unknown: 0 });
    for (const [k, row] of chosen.entries()) {
      const { attrs } = await admin.getCustomAttributes({ params: { id: String(row.id) } });
      expect(attrs.assetTag).toEqual([`AT-${String(k)}`]);
    }
    const owners = await applyAndWait(summary, 'assignOwners');
    expect(owners.counts).toMatchObject({ succeeded: 3, failed: 0, unknown: 0 });
    for (const row of chosen.slice(0, 3)) {
      const { device } = await admin.getDevice({ params: { id: String(row.id) } });
      expect(device.emailAddress).toBe(newOwner?.emailAddress);
    }

    // The same file again changes nothing: the preview says so.
    const again = await admin.createImport({ body: { csv, key: 'id' } });
    expect(again.counts).toMatchObject({ change: 0, unchanged: 10 });
  });

  it('when an import job names another import, or the preview is a day old, then it is refused', async () => {
    const [row] = await devices(['platform:IOS'], 1);
    const summary = await admin.createImport({ body: { csv: `id,attr:x\n${String(row?.id ?? 0)},1\n`, key: 'id' } });
    const other = await admin.createImport({ body: { csv: `id,attr:x\n${String(row?.id ?? 0)},2\n`, key: 'id' } });
    const mismatch = await refusal(
      admin.createJob({
        body: { action: 'setAttributes', params: { import: summary.id }, target: { import: other.id } },
      }),
    );
    expect(mismatch.code).toBe('IMPORT_MISMATCH');
    const noOwners = await refusal(
      admin.createJob({
        body: { action: 'assignOwners', params: { import: summary.id }, target: { import: summary.id } },
      }),
    );
    expect(noOwners.code).toBe('NOTHING_TO_DO');
    const byIds = await call(base, 'POST', '/api/jobs', {
      cookie: adminCookie,
      body: { action: 'setAttributes', params: { import: summary.id }, target: { ids: [row?.id] } },
    });
    expect(byIds.status).toBe(400);
    h.clock.advance(25 * 3_600_000);
    // A day later, the session has ended too.
    adminCookie = await signIn(base, 'admin@demo.local');
    admin = apiAs(base, adminCookie);
    const stale = await refusal(
      admin.createJob({
        body: { action: 'setAttributes', params: { import: summary.id }, target: { import: summary.id } },
      }),
    );
    expect(stale.code).toBe('IMPORT_EXPIRED');
  });

  it('when a helpdesk user tries to import, then it is refused', async () => {
    await h.bff.services.accounts.ensure('helpdesk2@demo.local', DEMO_PASSWORD, [{ role: 'helpdesk', spaces: 'all' }]);
    const helpdesk = apiAs(base, await signIn(base, 'helpdesk2@demo.local'));
    expect((await refusal(helpdesk.createImport({ body: { csv: 'id,attr:x\n1,1\n', key: 'id' } }))).status).toBe(403);
    // A large body is not even read for someone who may not import, nor for no one.
    const large = { csv: `id,attr:x\n${'1,1\n'.repeat(3_000_000)}`, key: 'id' };
    const helpdeskCookie = await signIn(base, 'helpdesk2@demo.local');
    expect(errorCode(await call(base, 'POST', '/api/imports', { cookie: helpdeskCookie, body: large }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await call(base, 'POST', '/api/imports', { body: large }))).toBe('UNAUTHENTICATED');
  });
});

describe('files that cannot be imported', () => {
  const post = (body: unknown, raw?: Buffer) =>
    raw
      ? fetch(`${base}/api/imports`, {
          method: 'POST',
          headers: { 'x-csrf': '1', cookie: adminCookie, 'content-type': 'application/json' },
          body: raw,
        }).then(async (response) => ({ status: response.status, json: (await response.json()) satisfies unknown }))
      : call(base, 'POST', '/api/imports', { cookie: adminCookie, body });

  it.each([
    ['an empty file', { csv: '', key: 'id' }, 'EMPTY_FILE', /empty/],
    ['a header without rows', { csv: 'id,attr:x\n', key: 'id' }, 'EMPTY_FILE', /no rows/],
    [
      'no key column',
      { csv: 'Seriennummer,attr:x\nA,1\n', key: 'serialNumber' },
      'KEY_COLUMN_MISSING',
      /"serialNumber"/,
    ],
    ['an unknown column', { csv: 'id,assetTag\n1,1\n', key: 'id' }, 'UNKNOWN_COLUMN', /"assetTag"/],
    ['an unknown key', { csv: 'mac,attr:x\nA,1\n', key: 'macAddress' }, 'VALIDATION_FAILED', /key/],
    ['an unknown body key', { csv: 'id,attr:x\n1,1\n', key: 'id', dryRun: true }, 'UNKNOWN_FIELD', /dryRun/],
    ['an unclosed quote', { csv: 'id,attr:x\n1,"open\n', key: 'id' }, 'INVALID_CSV', /quote/i],
  ])('when the file has %s, then a 400 says so and nothing is created', async (_name, body, code, message) => {
    const before = await previewsMade();
    const reply = await call(base, 'POST', '/api/imports', { cookie: adminCookie, body });
    expect(reply.status).toBe(400);
    expect(errorCode(reply)).toBe(code);
    expect(reply.text).toMatch(message);
    expect(await previewsMade()).toBe(before);
  });

  it('when the file is 20 MB, then a 400 says it is too large and nothing is created', async () => {
    const before = await previewsMade();
    const row = `${'1'.repeat(10)},${'x'.repeat(90)}\n`;
    const csv = `id,attr:x\n${row.repeat(Math.ceil((20 * 1024 * 1024) / row.length))}`;
    const reply = await post({ csv, key: 'id' });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.json)).toMatch(/IMPORT_TOO_LARGE.*at most 5 MB/);
    expect(await previewsMade()).toBe(before);
  });

  it('when the file is not UTF-8, then a 400 says how to save it and nothing is created', async () => {
    const before = await previewsMade();
    // "Café" in Windows-1252, as Excel's plain "CSV" writes it.
    const latin1 = Buffer.concat([
      Buffer.from('{"key":"id","csv":"id,attr:site\\n1,Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\\n"}'),
    ]);
    const reply = await post(undefined, latin1);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.json)).toMatch(/INVALID_UTF8.*CSV UTF-8/);
    expect(await previewsMade()).toBe(before);
  });
});
