import { sql } from 'kysely';
import { openStore } from '../src/store/db.ts';
import type { NewAuditRecord } from '../src/store/audit-repository.ts';

// `node apps/bff/bench/audit-search.ts <DATABASE_URL> <events>`: fills an empty store's audit log with generated
// events, then times the activity's searches; prints one JSON line. Run by `npm run bench -- data`.

const [url = '', countText = '1000000'] = process.argv.slice(2);
const count = Number(countText);

const FIRST = ['anna', 'ole', 'mei', 'lars', 'sofia', 'ahmed', 'yuki', 'pedro'];
const LAST = ['berg', 'hansen', 'lin', 'nilsson', 'rossi', 'khan', 'tanaka', 'silva'];
const ACTIONS = [
  'device.lock',
  'device.wipe',
  'device.message',
  'device.attributes.merge',
  'session.login',
  'job.confirmed',
];
const MODELS = ['iPhone 15', 'Galaxy S24', 'Pixel 8', 'iPad Air', 'MacBook Pro', 'ThinkPad X1'];
const OUTCOMES = ['succeeded', 'succeeded', 'succeeded', 'failed:UPSTREAM_TIMEOUT', 'ineligible:NOT_SUPERVISED'];

let seed = 7;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = (items: readonly string[]): string => items[Math.floor(random() * items.length)] ?? '';

function event(k: number): NewAuditRecord {
  const first = pick(FIRST);
  const device = 20_000 + Math.floor(random() * 100_000);
  return {
    at: new Date(Date.UTC(2026, 0, 1) + k * 20_000).toISOString(),
    actorId: 1,
    actorEmail: `${first}.${pick(LAST)}@example.com`,
    role: 'admin',
    action: pick(ACTIONS),
    targets: [device],
    params: { job: `job-${String(Math.floor(k / 500))}`, device: `${first}’s ${pick(MODELS)}` },
    outcome: pick(OUTCOMES),
    vendorResult: undefined,
    requestId: null,
    spaceId: null,
  };
}

const store = await openStore(url, { poolSize: 4 });
const filling = performance.now();
const BATCH = 5_000;
for (let k = 0; k < count; k += BATCH)
  await store.audit.insert(Array.from({ length: Math.min(BATCH, count - k) }, (_, j) => event(k + j)));
const fillSeconds = (performance.now() - filling) / 1000;
// What autovacuum does within a minute of such a load: the planner's statistics, read before the searches.
if (store.kind === 'postgres') await sql`analyze audit_events`.execute(store.db);

// A helpdesk's and an auditor's searches: common and rare words, a person, a device, a job, with filters and paging.
const searches: { q: string; action?: string; from?: string; before?: number }[] = [
  { q: 'anna' },
  { q: 'anna berg' },
  { q: 'succeeded' },
  { q: 'timeout' },
  { q: 'wipe yuki' },
  { q: 'ipad' },
  { q: 'galaxy s24 ahmed' },
  { q: String(20_000 + 4_242) },
  { q: 'job 1234' },
  { q: 'not supervised', action: 'device.wipe' },
  { q: 'pedro', from: new Date(Date.UTC(2026, 3, 1)).toISOString() },
  { q: 'lin', before: Math.floor(count / 2) },
];
const times: number[] = [];
for (let round = 0; round < 12; round += 1)
  for (const search of searches) {
    const began = performance.now();
    await store.audit.find({ ...search, limit: 100 });
    if (round > 1) times.push(performance.now() - began);
  }
await store.close();
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ events: count, fillSeconds, searches: times.length, p50: at(0.5), p95: at(0.95), max: at(1) })}\n`,
);
