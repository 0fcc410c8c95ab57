import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/db.ts';
import { freshDatabase, storeKind, type TestDatabase } from './test-database.ts';

let database: TestDatabase;
let store: Store;

beforeEach(async () => {
  database = await freshDatabase();
  store = await openStore(database.url);
});
afterEach(async () => {
  await store.close();
  await database.drop();
});

const EPOCH_MS = 1_790_000_000_000;

describe(`the store on ${storeKind()}`, () => {
  it('when it opens, then it is the store this run is for, and it answers', async () => {
    expect(store.kind).toBe(storeKind());
    expect(await store.ping()).toBe(true);
  });

  it('when an account is written and changed, then it reads back with typed columns', async () => {
    await store.accounts.insert({ email: 'ann@example.com', passwordHash: 'h1', role: 'helpdesk', createdAt: 'now' });
    const created = await store.accounts.byEmail('ann@example.com');
    expect(created).toMatchObject({ email: 'ann@example.com', role: 'helpdesk', disabled: false, spaceId: null });
    expect(await store.accounts.update('ann@example.com', { role: 'admin', disabled: true, spaceId: 7 })).toBe(true);
    expect(await store.accounts.update('nobody@example.com', { role: 'admin' })).toBe(false);
    expect(await store.accounts.byEmail('ann@example.com')).toMatchObject({
      role: 'admin',
      disabled: true,
      spaceId: 7,
    });
    expect(await store.accounts.byEmail('nobody@example.com')).toBeUndefined();
  });

  it('when a session is stored, touched and deleted, then its epoch-millisecond times stay numbers', async () => {
    await store.accounts.insert({ email: 'bo@example.com', passwordHash: 'h', role: 'viewer', createdAt: 'now' });
    const account = await store.accounts.byEmail('bo@example.com');
    await store.sessions.insert({ idHash: 'hash-1', accountId: account?.id ?? 0, at: EPOCH_MS });
    await store.sessions.touch('hash-1', EPOCH_MS + 60_000);
    expect(await store.sessions.find('hash-1')).toEqual({
      createdAt: EPOCH_MS,
      lastSeenAt: EPOCH_MS + 60_000,
      account,
    });
    await store.sessions.delete('hash-1');
    expect(await store.sessions.find('hash-1')).toBeUndefined();
  });

  it('when sign-in failures are recorded, then they are counted in their window and cleared', async () => {
    await store.loginFailures.record(['email:a', 'ip:1'], EPOCH_MS);
    await store.loginFailures.record(['email:a'], EPOCH_MS + 1_000);
    expect(await store.loginFailures.countSince('email:a', EPOCH_MS - 1)).toBe(2);
    expect(await store.loginFailures.countSince('email:a', EPOCH_MS)).toBe(1);
    await store.loginFailures.deleteBefore(EPOCH_MS + 1);
    expect(await store.loginFailures.countSince('ip:1', 0)).toBe(0);
    await store.loginFailures.clear('email:a');
    expect(await store.loginFailures.countSince('email:a', 0)).toBe(0);
  });

  it('when audit events are appended, then they are found by actor, action and device, newest first, and never changed', async () => {
    const event = (action: string, targets: unknown) => ({
      at: new Date(EPOCH_MS).toISOString(),
      actorId: 1,
      actorEmail: 'ann@example.com',
      role: 'admin',
      action,
      targets,
      params: { note: 'é ✓' },
      outcome: 'succeeded',
      vendorResult: undefined,
      requestId: 'r1',
    });
    await store.audit.insert([event('device.lock', [12, 123]), event('device.wipe', [1234]), event('login', null)]);
    const byDevice = await store.audit.find({ device: 123, limit: 10 });
    expect(byDevice.map((e) => e.action)).toEqual(['device.lock']);
    expect(byDevice[0]).toMatchObject({ targets: [12, 123], params: { note: 'é ✓' }, vendorResult: null });
    expect((await store.audit.find({ actor: 'ann@example.com', limit: 10 })).map((e) => e.action)).toEqual([
      'login',
      'device.wipe',
      'device.lock',
    ]);
    await expect(sql`update audit_events set outcome = 'forged'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(store.db)).rejects.toThrow(/append-only/);
  });
});

describe(`migrations on ${storeKind()}`, () => {
  let shared: TestDatabase;
  beforeAll(async () => {
    shared = await freshDatabase();
  });
  afterAll(async () => {
    await shared.drop();
  });

  it('when three processes open one empty database together, then the schema is migrated once and all of them work', async () => {
    // SQLite is one process's file; PostgreSQL is where several processes start at once.
    const count = storeKind() === 'postgres' ? 3 : 1;
    const stores = await Promise.all(Array.from({ length: count }, () => openStore(shared.url)));
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      stores[0]?.db ?? store.db,
    );
    expect(rows.map((row) => row.name)).toEqual([
      '001_accounts_sessions_audit',
      '002_jobs',
      '003_job_item_counts_index',
      '004_job_item_claims',
      '005_vendor_budget',
    ]);
    for (const opened of stores) expect(await opened.ping()).toBe(true);
    await Promise.all(stores.map((opened) => opened.close()));
  });
});
