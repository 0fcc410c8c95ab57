import { describe, expect, it } from 'vitest';
import { SearchEngine, type SearchRequest, type SortSpec } from '../src/search/engine.ts';
import { detailsDocument, type DeviceDocument } from '../src/tenant/device-document.ts';
import { generateTenant } from '../src/tenant/generate.ts';
import { SPACES } from '../src/tenant/catalog.ts';

const NOW = Date.UTC(2026, 10, 1);
const tenant = generateTenant({ seed: 5, devices: 6000, anchor: NOW });
const engine = new SearchEngine(tenant, () => NOW);
const docs: DeviceDocument[] = Array.from({ length: tenant.devices.count }, (_, i) => detailsDocument(tenant, i));

const request = (overrides: Partial<SearchRequest>): SearchRequest => ({
  q: '',
  fq: [],
  partition: undefined,
  start: 0,
  rows: 500,
  sort: [],
  searchAfter: undefined,
  ...overrides,
});

const idsWhere = (test: (doc: DeviceDocument) => boolean): number[] => docs.filter(test).map((doc) => Number(doc.id));
const matchingIds = (fq: string[], q = ''): number[] =>
  Array.from(engine.matchingIndexes({ q, fq, partition: undefined }), (i) => tenant.deviceId(i));
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const DAY = 86_400_000;

describe('fq evaluation against the documents', () => {
  it.each<[string, (doc: DeviceDocument) => boolean]>([
    ["PLATFORMTYPE EQ 'IOS'", (d) => d.platformType === 'IOS'],
    ['platformtype = android', (d) => d.platformType === 'ANDROID'],
    [
      'registrationState=ACTIVE and (quarantined=true or jailbroken=true)',
      (d) => d.registrationState === 'ACTIVE' && (d.quarantined === true || d.jailbroken === true),
    ],
    [
      "version!='0' AND complianceState = false".replace('version', 'policyViolationCount'),
      (d) => d.policyViolationCount !== 0 && d.complianceState === false,
    ],
    ["ACCOUNTGROUP EQ 'Marketing'", (d) => (d.accountGroups as string[]).includes('Marketing')],
    ["ACCOUNTGROUP NE 'Sales'", (d) => !(d.accountGroups as string[]).includes('Sales')],
    [
      'CFDEVICE[cityId]=SF',
      (d) =>
        (d.customAttributes as { attrs?: Record<string, string[]> } | null)?.attrs?.cityId?.includes('SF') === true,
    ],
    [
      'CFDEVICE[assetTag_#] > 500000',
      (d) =>
        Number(
          (d.customAttributes as { attrs?: Record<string, string[]> } | null)?.attrs?.['assetTag_#']?.[0] ?? Number.NaN,
        ) > 500000,
    ],
    ["CFLDAP[department] EQ 'Finance'", (d) => (d.accountGroups as string[]).includes('Finance')],
    ["lastCheckin<'1:00:00:00'", (d) => NOW - Number(d.lastCheckin) < DAY],
    ["lastCheckin>'30:00:00:00'", (d) => NOW - Number(d.lastCheckin) > 30 * DAY],
    ["lastRegistrationTime<'7:00:00:00'", (d) => NOW - Number(d.lastRegistrationTime) < 7 * DAY],
    ["prettyModel CONTAINS 'galaxy'", (d) => str(d.prettyModel).toLowerCase().includes('galaxy')],
    ["deviceModel STARTSWITH 'iPhone1'", (d) => str(d.deviceModel).toLowerCase().startsWith('iphone1')],
    ['supervised = null', (d) => d.supervised === null],
    ['totalCapacity >= 400', (d) => Number(d.totalCapacity) >= 400],
    [
      "kioskState EQ 'ACTIVE' OR lostModeEnabled = true",
      (d) => d.kioskState === 'ACTIVE' || d.lostModeEnabled === true,
    ],
  ])('when the fq is %s, then the engine matches exactly the documents that satisfy it', (fq, test) => {
    const expected = idsWhere(test);
    expect(expected.length).toBeGreaterThan(0);
    expect(matchingIds([fq])).toEqual(expected);
  });

  it('when the fq names unique identifiers, then each finds its one device', () => {
    const doc = docs.find((d) => d.imei !== null && d.phoneNumber !== null) ?? {};
    expect(matchingIds([`serialNumber EQ '${str(doc.serialNumber)}'`])).toEqual([doc.id]);
    expect(matchingIds([`guid EQ '${str(doc.guid)}'`])).toEqual([doc.id]);
    expect(matchingIds([`imei EQ '${str(doc.imei)}'`])).toEqual([doc.id]);
    expect(matchingIds([`EMAILADDRESS EQ '${str(doc.emailAddress).toUpperCase()}'`])).toEqual(
      idsWhere((d) => d.emailAddress === doc.emailAddress),
    );
  });

  it('when several fq are given, then they are ANDed', () => {
    expect(matchingIds(["PLATFORMTYPE EQ 'IOS'", 'supervised = true'])).toEqual(
      idsWhere((d) => d.platformType === 'IOS' && d.supervised === true),
    );
  });

  it('when a value would break out of its quotes, then it matches literally and nothing else', () => {
    expect(matchingIds(["emailAddress EQ 'x'' OR ''a''=''a'"])).toEqual([]);
    expect(matchingIds(["deviceName EQ ') OR (1=1'"])).toEqual([]);
    expect(matchingIds(["deviceName EQ '*'"])).toEqual([]);
  });

  it.each([
    ['nosuchfield EQ 1', 'unknown field'],
    ["lastCheckin < 'yesterday-ish'", 'time window'],
    ["supervised EQ 'maybe'", 'true or false'],
    ["totalCapacity CONTAINS '1'", 'does not apply'],
  ])('when the fq is "%s", then the error says: %s', (fq, message) => {
    expect(() => engine.search(request({ fq: [fq] }))).toThrow(message);
  });
});

describe('free text', () => {
  it('when q is a name prefix, then it finds devices by owner name, device name and e-mail', () => {
    const expected = idsWhere((d) =>
      [str(d.firstName), str(d.lastName), str(d.emailAddress), str(d.deviceName).split(/\s/)[0] ?? ''].some((w) =>
        w.toLowerCase().startsWith('ann'),
      ),
    );
    expect(matchingIds([], 'Ann')).toEqual(expected);
  });

  it('when q has two words, then a device must match both', () => {
    const both = matchingIds([], 'anna ipad');
    expect(both.length).toBeGreaterThan(0);
    for (const id of both) {
      const doc = docs[id - 22001] ?? {};
      expect(str(doc.prettyModel)).toContain('iPad');
    }
  });

  it('when q is a serial, an IMEI prefix, an id or a GUID, then it finds that device', () => {
    const doc = docs.find((d) => d.platformType === 'IOS' && d.imei !== null) ?? {};
    expect(matchingIds([], str(doc.serialNumber).toLowerCase())).toContain(doc.id);
    expect(matchingIds([], str(doc.imei).replaceAll(' ', '').slice(0, 10))).toContain(doc.id);
    expect(matchingIds([], String(doc.id))).toContain(doc.id);
    expect(matchingIds([], str(doc.guid))).toEqual([doc.id]);
  });
});

describe('sorting and deep paging', () => {
  const field = (name: string) => {
    const def = engine.field(name);
    if (!def) throw new Error(name);
    return def;
  };

  function walk(sort: SortSpec[], fq: string[], rows: number): number[] {
    const seen: number[] = [];
    let after: string[] | undefined;
    for (;;) {
      const hits = engine.search(request({ fq, rows, sort, searchAfter: after }));
      seen.push(...hits.indexes.map((i) => tenant.deviceId(i)));
      const last = hits.indexes[hits.indexes.length - 1];
      if (hits.indexes.length < rows || last === undefined) return seen;
      // As a client must: the last hit's sort values (the id is the tie-breaker, sent last), from the hit itself.
      const doc = docs[last] ?? {};
      after = [...sort.filter((s) => s.field.name !== 'id').map((s) => doc[s.field.name]), doc.id].map((v) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : 'null',
      );
    }
  }

  const compare = (a: unknown, b: unknown): number => {
    const key = (v: unknown) =>
      v === null || v === undefined
        ? null
        : typeof v === 'string'
          ? v.toLowerCase()
          : typeof v === 'boolean'
            ? Number(v)
            : v;
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return 0;
    if (ka === null) return -1;
    if (kb === null) return 1;
    return ka < kb ? -1 : 1;
  };

  it.each<[string, SortSpec[], string[]]>([
    ['default (id)', [], []],
    ['lastCheckin DESC', [{ field: field('lastCheckin'), descending: true }], []],
    ['prettyModel ASC, filtered', [{ field: field('prettyModel'), descending: false }], ["platformType EQ 'ANDROID'"]],
    ['emailAddress DESC', [{ field: field('emailAddress'), descending: true }], []],
    [
      'registrationState ASC, lastCheckin DESC',
      [
        { field: field('registrationState'), descending: false },
        { field: field('lastCheckin'), descending: true },
      ],
      [],
    ],
  ])(
    'when every page of "%s" is walked with searchAfterValues, then each device comes once, in order',
    (_name, sort, fq) => {
      const names = sort.map((s) => s.field.name);
      const expected = docs
        .filter((d) => (fq.length === 0 ? true : d.platformType === 'ANDROID'))
        .sort((a, b) => {
          for (const [k, name] of names.entries()) {
            const cmp = compare(a[name], b[name]);
            if (cmp !== 0) return sort[k]?.descending ? -cmp : cmp;
          }
          const last = sort[sort.length - 1]?.descending ?? false;
          return last ? Number(b.id) - Number(a.id) : Number(a.id) - Number(b.id);
        })
        .map((d) => Number(d.id));
      expect(walk(sort, fq, 173)).toEqual(expected);
    },
  );

  it('when start and rows page without a cursor, then pages are consecutive windows', () => {
    const sort = [{ field: field('lastCheckin'), descending: true }];
    const all = walk(sort, [], 500);
    const page3 = engine.search(request({ sort, start: 100, rows: 50 })).indexes.map((i) => tenant.deviceId(i));
    expect(page3).toEqual(all.slice(100, 150));
  });
});

describe('facets and scope', () => {
  it('when searching, then facet counts equal the documents that match', () => {
    const hits = engine.search(request({ fq: ["registrationState EQ 'ACTIVE'"] }));
    const active = docs.filter((d) => d.registrationState === 'ACTIVE');
    const platforms: Record<string, number> = {};
    for (const d of active) platforms[str(d.platformType)] = (platforms[str(d.platformType)] ?? 0) + 1;
    expect(hits.facets.PLATFORMTYPE).toEqual(platforms);
    expect(hits.facets.ACCOUNTGROUP?.['All Users']).toBe(active.length);
    expect(hits.facets.ACCOUNTGROUP?.EMEA).toBe(
      active.filter((d) => (d.accountGroups as string[]).includes('EMEA')).length,
    );
    expect(Object.keys(hits.facets.KIOSKSTATE ?? {})).toContain('not_configured');
    expect(hits.total).toBe(active.length);
    expect(hits.unfilteredTotal).toBe(docs.length);
  });

  it('when a space is chosen, then only its devices count, and every device is in exactly one space', () => {
    let sum = 0;
    for (const [index, space] of SPACES.entries()) {
      const hits = engine.search(request({ partition: index, rows: 1 }));
      sum += hits.total;
      expect(hits.facets.ACCOUNTGROUP?.['All Users']).toBe(hits.total);
      if (space.name === 'EMEA') expect(hits.facets.ACCOUNTGROUP?.EMEA).toBeLessThanOrEqual(hits.total);
    }
    expect(sum).toBe(docs.length);
  });
});
