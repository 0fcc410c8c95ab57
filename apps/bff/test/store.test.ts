import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from '../src/store/migrations.ts';
import { nodeSqliteDialect } from '../src/store/node-sqlite-dialect.ts';
import type { RoleAssignment } from '@mdm-console/contract';
import { openStore, type Store } from '../src/store/db.ts';
import { AccountsRepository } from '../src/store/accounts-repository.ts';
import { SessionsRepository } from '../src/store/sessions-repository.ts';
import type { SessionChange, SessionChanges } from '../src/store/session-changes.ts';
import { Sessions } from '../src/domain/sessions.ts';
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
    const helpdesk = [{ role: 'helpdesk', spaces: 'all' }] as const;
    await store.accounts.insert({
      email: 'ann@example.com',
      passwordHash: 'h1',
      assignments: helpdesk,
      createdAt: 'now',
    });
    const created = await store.accounts.byEmail('ann@example.com');
    expect(created).toMatchObject({
      email: 'ann@example.com',
      assignments: helpdesk,
      disabled: false,
      spaceId: null,
      identity: null,
    });
    const scoped: RoleAssignment[] = [{ role: 'admin', spaces: [2, 3] }];
    expect(
      await store.accounts.update({ email: 'ann@example.com' }, { assignments: scoped, disabled: true, spaceId: 7 }),
    ).toBe(true);
    expect(await store.accounts.update({ email: 'nobody@example.com' }, { assignments: scoped })).toBe(false);
    expect(await store.accounts.byEmail('ann@example.com')).toMatchObject({
      assignments: scoped,
      disabled: true,
      spaceId: 7,
    });
    expect(await store.accounts.byEmail('nobody@example.com')).toBeUndefined();
  });

  it('when a session is stored, touched and deleted, then its epoch-millisecond times stay numbers', async () => {
    await store.accounts.insert({
      email: 'bo@example.com',
      passwordHash: 'h',
      assignments: [{ role: 'viewer', spaces: 'all' }],
      createdAt: 'now',
    });
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

  it('when this process changes an account or ends a session, then its cached sessions drop it at once, before any notice comes back', async () => {
    // Notices from the database never arrive here: only what the process itself says it has changed reaches the cache.
    const handlers: ((change: SessionChange) => void)[] = [];
    const unheard: SessionChanges = {
      live: true,
      subscribe: (handler) => handlers.push(handler),
      madeHere: (change) => {
        for (const handler of handlers) handler(change);
      },
    };
    const accounts = new AccountsRepository(store.db, store.kind, unheard);
    const sessions = new Sessions(new SessionsRepository(store.db, store.kind, unheard), {
      idleMs: 3_600_000,
      absoluteMs: 36_000_000,
      clock: Date.now,
      changes: unheard,
    });
    const accountId = await accounts.insert({
      email: 'cy@example.com',
      passwordHash: 'h',
      assignments: [{ role: 'viewer', spaces: 'all' }],
      createdAt: 'now',
    });
    const [first, second] = [await sessions.create(accountId), await sessions.create(accountId)];
    expect((await sessions.resolve(first))?.account.spaceId).toBeNull();
    await accounts.update({ id: accountId }, { spaceId: 7 });
    expect((await sessions.resolve(first))?.account.spaceId).toBe(7);
    expect(await sessions.resolve(second)).toBeDefined();
    await sessions.destroy(first);
    expect(await sessions.resolve(first)).toBeUndefined();
    await sessions.destroyAllOf(accountId);
    expect(await sessions.resolve(second)).toBeUndefined();
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
      spaceId: null,
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
      '006_scoped_roles_and_sign_in',
      '007_saved_views',
      '008_audit_search',
      '009_imports',
      '010_webhook_outbox',
      '011_scheduled_jobs',
      '012_job_waves',
      '013_job_item_claim_owner_index',
      '014_shared_vendor_answers',
      '015_job_item_claims_by_job',
    ]);
    for (const opened of stores) expect(await opened.ping()).toBe(true);
    await Promise.all(stores.map((opened) => opened.close()));
  });

  it('when a database of the previous version is upgraded, then its accounts and sessions live on, with their roles over every space', async () => {
    const old = await freshDatabase();
    const db =
      old.kind === 'postgres'
        ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: old.url }) }) })
        : new Kysely<unknown>({ dialect: nodeSqliteDialect(old.url) });
    await migrate(db, old.kind, '005_vendor_budget');
    await sql`insert into accounts (email, password_hash, role, disabled, created_at, space_id)
      values ('old@example.com', 'h', 'helpdesk', 0, 'then', 7)`.execute(db);
    await sql`insert into sessions (id_hash, account_id, created_at, last_seen_at)
      select 'old-session', id, 1, 2 from accounts`.execute(db);
    await db.destroy();
    const upgraded = await openStore(old.url);
    try {
      const account = await upgraded.accounts.byEmail('old@example.com');
      expect(account).toMatchObject({ assignments: [{ role: 'helpdesk', spaces: 'all' }], spaceId: 7, identity: null });
      expect((await upgraded.sessions.find('old-session'))?.account).toEqual(account);
      // A local e-mail stays unique; an account from the OpenID provider may carry the same e-mail beside it.
      const viewer = [{ role: 'viewer', spaces: 'all' }] as const;
      const row = { email: 'old@example.com', passwordHash: 'x', assignments: viewer, createdAt: 'now' };
      await expect(upgraded.accounts.insert(row)).rejects.toThrow();
      const identity = { issuer: 'https://idp.example.com', subject: 'abc' };
      await upgraded.accounts.insert({ ...row, passwordHash: null, identity });
      expect(await upgraded.accounts.byIdentity(identity.issuer, identity.subject)).toMatchObject({
        email: 'old@example.com',
        passwordHash: null,
        identity,
      });
      expect((await upgraded.accounts.byEmail('old@example.com'))?.id).toBe(account?.id);
    } finally {
      await upgraded.close();
      await old.drop();
    }
  });
});
