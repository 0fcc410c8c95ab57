import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { signedIn, startHarness, waitForJob } from '../harness.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

const DB_CLI = fileURLToPath(new URL('../../src/cli/db.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mdm-copy-'));
const sqliteFile = join(dir, 'old.sqlite');
let target: TestDatabase;

const runCopy = (...args: string[]) =>
  spawnSync(process.execPath, [DB_CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  target = await freshDatabase();
  // An installation that has been used on SQLite: sessions, a job with its items, an audit trail.
  const old = await startHarness({ DATABASE_URL: sqliteFile, JOB_UNDO_SECONDS: '0' });
  const api = await signedIn(old.bff.url, 'admin@demo.local');
  const active = await api.searchDevices({ query: { size: 5, f: ['registrationState:ACTIVE'] } });
  const job = await api.createJob({
    body: { action: 'lock', params: {}, target: { ids: active.rows.map((row) => row.id) } },
  });
  await api.confirmJob({ params: { id: (await waitForJob(api, job.id, ['draft'])).id }, body: {} });
  await waitForJob(api, job.id, ['completed']);
  const view = await api.createView({ body: { name: 'Active devices', query: { f: ['registrationState:ACTIVE'] } } });
  await api.updateView({ params: { id: view.id }, body: { pinned: true } });
  await old.close();
});
afterAll(async () => {
  await target.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('moving an installation from SQLite to PostgreSQL', () => {
  it('when the store is copied, then every row arrives with its id, and the console on PostgreSQL carries on from it', async () => {
    const copy = runCopy('copy', '--from', `sqlite:${sqliteFile}`, '--to', target.url);
    expect(copy.status, copy.stderr).toBe(0);
    const source = await openStore(sqliteFile);
    const copied = await openStore(target.url);
    const tables = ['accounts', 'sessions', 'audit_events', 'jobs', 'job_items', 'saved_views', 'view_pins'] as const;
    for (const table of tables) {
      const count = async (db: typeof source.db) =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n ?? 0,
        );
      const rows = await count(source.db);
      expect(rows, table).toBeGreaterThan(0);
      expect(await count(copied.db), table).toBe(rows);
      expect(copy.stdout).toContain(`${table}: ${String(rows)} rows`);
    }
    const newest = await source.audit.find({ limit: 1 });
    expect(await copied.audit.find({ limit: 1 })).toEqual(newest);
    await source.close();
    await copied.close();

    // The same accounts sign in on PostgreSQL; new audit events continue after the copied ids.
    const moved = await startHarness({ DATABASE_URL: target.url });
    const api = await signedIn(moved.bff.url, 'admin@demo.local');
    const jobs = await api.listJobs();
    expect(jobs.jobs.map((job) => job.state)).toEqual(['completed']);
    const events = await api.listAudit({ query: { limit: 2 } });
    expect(events.events[0]?.action).toBe('session.login');
    expect(events.events[0]?.id).toBeGreaterThan(newest[0]?.id ?? Infinity);
    await moved.close();
  });

  it('when the target is not empty or the source does not exist, then nothing is copied and it says why', () => {
    const again = runCopy('copy', '--from', sqliteFile, '--to', target.url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    const missing = runCopy('copy', '--from', join(dir, 'no-such.sqlite'), '--to', target.url);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no SQLite file/);
    expect(runCopy('copy', '--from', sqliteFile, '--to', target.url, '--force').status).toBe(2);
  });
});
