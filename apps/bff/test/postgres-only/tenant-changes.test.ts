import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TENANT_CHANNEL } from '../../src/store/tenant-changes.ts';
import { storesOfTwoProcesses } from './two-processes.ts';

const { stores, databaseUrl } = storesOfTwoProcesses();

const until = async (done: () => boolean) => {
  for (let tries = 0; tries < 100 && !done(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('changes to the tenant told to every process', () => {
  it('when one process makes many changes at once, then one notice tells the other of them all; a change made while a notice is out gets one of its own; no process hears itself', async () => {
    const [first, second] = stores;
    if (!first || !second) throw new Error('two stores');
    let heardBySecond = 0;
    let heardByFirst = 0;
    second.tenantChanges.subscribe(() => (heardBySecond += 1));
    first.tenantChanges.subscribe(() => (heardByFirst += 1));
    await until(() => first.tenantChanges.live && second.tenantChanges.live);
    // The listeners' first connection is itself a reset: only what comes after it counts.
    heardBySecond = 0;
    heardByFirst = 0;
    let sent = 0;
    const watcher = new pg.Client(databaseUrl());
    await watcher.connect();
    watcher.on('notification', () => (sent += 1));
    await watcher.query(`LISTEN ${TENANT_CHANNEL}`);
    try {
      await Promise.all(Array.from({ length: 50 }, () => first.tenantChanges.announce()));
      await until(() => sent === 1 && heardBySecond === 1);
      expect([sent, heardBySecond]).toEqual([1, 1]);

      const out = first.tenantChanges.announce();
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([out, first.tenantChanges.announce()]);
      await until(() => sent === 3 && heardBySecond === 3);
      expect([sent, heardBySecond]).toEqual([3, 3]);
      expect(heardByFirst).toBe(0);
    } finally {
      await watcher.end();
    }
  });
});

describe('vendor answers kept in the store for every process', () => {
  it('when one process keeps an answer, then the other finds it until it expires or either process changes the tenant; an answer asked for before a change is not kept after it', async () => {
    const [first, second] = stores;
    const [mine, theirs] = [first?.sharedAnswers, second?.sharedAnswers];
    if (!first || !mine || !theirs) throw new Error('two stores on PostgreSQL');
    const now = Date.now();
    const asked = await mine.look('device:1', now);
    expect(asked.answer).toBeUndefined();
    await mine.keep('device:1', '{"id":1}', now + 10_000, asked.generation);
    expect((await theirs.look('device:1', now)).answer).toEqual({ body: '{"id":1}', until: now + 10_000 });
    // Newer than the one kept until now + 10 s: there is none.
    expect((await theirs.look('device:1', now + 10_000)).answer).toBeUndefined();
    // An older answer never replaces a newer one.
    await theirs.keep('device:1', '{"id":"older"}', now + 5_000, asked.generation);
    expect((await mine.look('device:1', now)).answer?.body).toBe('{"id":1}');

    const before = await theirs.look('device:2', now);
    await first.tenantChanges.announce();
    expect((await theirs.look('device:1', now)).answer).toBeUndefined();
    await theirs.keep('device:2', '{"id":2}', now + 10_000, before.generation);
    expect((await mine.look('device:2', now)).answer).toBeUndefined();
    const after = await theirs.look('device:2', now);
    expect(after.generation).toBe(before.generation + 1);
    await theirs.keep('device:2', '{"id":2}', now + 10_000, after.generation);
    expect((await mine.look('device:2', now)).answer?.body).toBe('{"id":2}');
  });
});
