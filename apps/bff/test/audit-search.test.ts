import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchWords, type NewAuditRecord } from '../src/store/audit-repository.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { freshDatabase, storeKind, type TestDatabase } from './test-database.ts';

/**
 * The activity's full-text search against a brute-force filter over generated events: an event matches when every
 * word of the search is the beginning of one of its words (actor, action, targets, parameters, outcome).
 */
const ACTORS = ['anna.berg@example.com', 'ole.hansen@example.com', 'cli:root', 'mei.lin@corp.example'];
const ACTIONS = ['device.lock', 'device.wipe', 'device.attributes.merge', 'session.login', 'job.confirmed'];
const DEVICES = ['Anna’s iPhone 15', 'LT-PFA7ECTC', 'Warehouse scanner 7', 'Mei’s Pixel', 'Kiosk lobby'];
const OUTCOMES = ['succeeded', 'failed:UPSTREAM_TIMEOUT', 'ineligible:NOT_SUPERVISED'];

let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

function generated(count: number): NewAuditRecord[] {
  return Array.from({ length: count }, (_, k) => {
    const deviceId = 20_000 + Math.floor(random() * 500);
    return {
      at: new Date(Date.UTC(2026, 10, 1) + k * 60_000).toISOString(),
      actorId: 1,
      actorEmail: pick(ACTORS),
      role: 'admin',
      action: pick(ACTIONS),
      targets: random() < 0.8 ? [deviceId] : { job: `job-${String(Math.floor(random() * 50))}` },
      params:
        random() < 0.5 ? { job: `j${String(k % 37)}x`, device: pick(DEVICES) } : { note: pick(['first', 'again']) },
      outcome: pick(OUTCOMES),
      vendorResult: undefined,
      requestId: null,
      spaceId: null,
    };
  });
}

/** The words of an event as the index reads them: letters and digits, everything else separates. */
const eventWords = (event: NewAuditRecord): string[] =>
  wordsOf(
    [
      event.actorEmail ?? '',
      event.action,
      JSON.stringify(event.targets),
      JSON.stringify(event.params),
      event.outcome,
    ].join(' '),
  );

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

let database: TestDatabase;
let store: Store;
// More events than the newest window a PostgreSQL search reads first, so that both of its steps are exercised.
const events = generated(25_000);

beforeAll(async () => {
  database = await freshDatabase();
  store = await openStore(database.url);
  await store.audit.insert(events);
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

describe(`the activity search on ${storeKind()}`, () => {
  const searches = [
    'anna',
    'ANNA.berg',
    'example',
    'corp',
    'device lock',
    'wipe',
    'attrib',
    'iphone',
    'Anna’s iPhone',
    'lt pfa7',
    'scanner 7',
    'kiosk lob',
    '20017',
    '201',
    'job 3',
    'j12x',
    'ineligible not_supervised',
    'timeout',
    'session login ole',
    'again',
    'nothing-like-this',
    'mei pixel failed',
  ];

  for (const q of searches)
    it(`when the activity is searched for “${q}”, then exactly the events a brute-force filter finds come, newest first`, async () => {
      const words = searchWords(q);
      const expected = events
        .map((event, k) => ({ id: k + 1, words: eventWords(event) }))
        .filter(({ words: own }) => words.every((word) => own.some((candidate) => candidate.startsWith(word))))
        .map(({ id }) => id)
        .reverse()
        .slice(0, 10_000);
      const found = await store.audit.find({ q, limit: 10_000 });
      expect(found.map((event) => event.id)).toEqual(expected);
    });

  it('when a search is combined with filters and paging, then each narrows it and pages follow on without a gap', async () => {
    const all = await store.audit.find({ q: 'device', action: 'device.lock', limit: 10_000 });
    expect(all.length).toBeGreaterThan(100);
    expect(all.every((event) => event.action === 'device.lock')).toBe(true);
    const first = await store.audit.find({ q: 'device', action: 'device.lock', limit: 50 });
    const second = await store.audit.find({
      q: 'device',
      action: 'device.lock',
      limit: 50,
      before: first[first.length - 1]?.id,
    });
    expect([...first, ...second].map((event) => event.id)).toEqual(all.slice(0, 100).map((event) => event.id));
    const from = events[1000]?.at ?? '';
    const to = events[1999]?.at ?? '';
    const ranged = await store.audit.find({ q: 'anna', from, to, limit: 10_000 });
    expect(ranged.every((event) => event.at >= from && event.at <= to)).toBe(true);
    expect(ranged.length).toBeGreaterThan(0);
  });
});
