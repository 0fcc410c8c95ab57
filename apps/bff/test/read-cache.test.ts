import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { SharedAnswers } from '../src/store/shared-answers.ts';
import { jsonText } from '../src/json-text.ts';
import { ReadCache } from '../src/upstream/read-cache.ts';
import { Vendor } from '../src/upstream/vendor.ts';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the read cache', () => {
  it('when the same read is asked while one is in flight, then the vendor is called once', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 10 });
    let calls = 0;
    const pending = deferred<number>();
    const load = () => {
      calls += 1;
      return pending.promise;
    };
    const both = Promise.all([cache.get('k', load), cache.get('k', load)]);
    pending.resolve(7);
    expect(await both).toEqual([7, 7]);
    expect(await cache.get('k', load)).toBe(7);
    expect(calls).toBe(1);
  });

  it('when the time to live passes, then the vendor is asked again', async () => {
    const cache = new ReadCache({ ttlMs: 20, maxRecords: 10 });
    let calls = 0;
    const load = () => Promise.resolve((calls += 1));
    expect(await cache.get('k', load)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await cache.get('k', load)).toBe(2);
  });

  it('when a read fails, then the failure is not kept', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 10 });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', () => Promise.resolve('up'))).toBe('up');
  });

  it('when a write clears the cache during a read, then that read answers its callers but is not kept', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 10 });
    const pending = deferred<string>();
    const inFlight = cache.get('k', () => pending.promise);
    cache.clear();
    pending.resolve('before the write');
    expect(await inFlight).toBe('before the write');
    expect(await cache.get('k', () => Promise.resolve('after the write'))).toBe('after the write');
  });

  it('when more records are kept than allowed, then the oldest answers go', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 2 });
    let calls = 0;
    const load = (value: string) => () => {
      calls += 1;
      return Promise.resolve(value);
    };
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    await cache.get('a', load('a'));
    expect(calls).toBe(4);
  });

  it('when a page holds many records, then it pushes out as many small answers, and a list weighs its items', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 5 });
    const loaded: string[] = [];
    const load =
      <T>(key: string, value: T) =>
      () => {
        loaded.push(key);
        return Promise.resolve(value);
      };
    await cache.get('one', load('one', 'a device'));
    await cache.get('two', load('two', 'a device'));
    await cache.get('list', load('list', [1, 2, 3]));
    await cache.get('page', load('page', { rows: 4 }), { recordsOf: (page) => page.rows });
    // 1 + 1 + 3 records fill the cache; the page's 4 push out the oldest until it fits: both devices and the list.
    await cache.get('one', load('one', 'a device'));
    await cache.get('page', load('page', { rows: 4 }), { recordsOf: (page) => page.rows });
    expect(loaded).toEqual(['one', 'two', 'list', 'page', 'one']);
  });

  it('when one answer holds more records than allowed, then it answers its callers and is not kept', async () => {
    const cache = new ReadCache({ ttlMs: 1000, maxRecords: 2 });
    let calls = 0;
    const load = () => {
      calls += 1;
      return Promise.resolve([1, 2, 3]);
    };
    expect(await cache.get('big', load)).toEqual([1, 2, 3]);
    expect(await cache.get('big', load)).toEqual([1, 2, 3]);
    expect(calls).toBe(2);
  });
});

/** Fake timers for each test of the block, and `Math.random` (which shortens an answer's life) giving `random`. */
function fakeClockAndRandom(random: number): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(random);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
}

describe('renewing kept answers', () => {
  // Every answer lives the whole time to live.
  fakeClockAndRandom(0);

  /** A cache of 10 s, and a load that gives `answers` one after the other. */
  function scripted(answers: Promise<string>[]) {
    const cache = new ReadCache({ ttlMs: 10_000, maxRecords: 10 });
    let calls = 0;
    const load = () => answers[calls++] ?? Promise.reject(new Error('asked too often'));
    return { cache, load, calls: () => calls };
  }

  it('when an answer is read in the last fifth of its life, then it is asked for again in the background, readers get the kept one meanwhile, and the new one replaces it', async () => {
    const renewal = deferred<string>();
    const { cache, load, calls } = scripted([Promise.resolve('first'), renewal.promise]);
    expect(await cache.get('k', load)).toBe('first');
    vi.advanceTimersByTime(7_000);
    expect(await cache.get('k', load)).toBe('first');
    expect(calls()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(await cache.get('k', load)).toBe('first');
    expect(await cache.get('k', load)).toBe('first');
    expect(calls()).toBe(2);
    renewal.resolve('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(await cache.get('k', load)).toBe('second');
    // The renewed answer lives a whole time to live again.
    vi.advanceTimersByTime(7_000);
    expect(await cache.get('k', load)).toBe('second');
    expect(calls()).toBe(2);
  });

  it('when a write comes while an answer is renewed, then the renewed answer is not kept', async () => {
    const renewal = deferred<string>();
    const { cache, load } = scripted([Promise.resolve('first'), renewal.promise, Promise.resolve('after the write')]);
    await cache.get('k', load);
    vi.advanceTimersByTime(9_000);
    await cache.get('k', load);
    cache.clear();
    renewal.resolve('from before the write');
    await renewal.promise;
    expect(await cache.get('k', load)).toBe('after the write');
  });

  it('when answers arrive together, then each lives 75 to 100 % of the time to live, so that they do not expire all at once', async () => {
    vi.mocked(Math.random).mockRestore();
    const cache = new ReadCache({ ttlMs: 10_000, maxRecords: 1000 });
    const keys = Array.from({ length: 200 }, (_, k) => `k${String(k)}`);
    for (const [k, key] of keys.entries()) await cache.get(key, () => Promise.resolve(k));
    // A key whose answer expired gets this read's own answer; one renewed in the background still gives the kept one.
    const expiredAt = async (ms: number, answer: number) => {
      vi.setSystemTime(ms);
      let expired = 0;
      for (const key of keys) if ((await cache.get(key, () => Promise.resolve(answer))) === answer) expired += 1;
      return expired;
    };
    const start = Date.now();
    // Before any is in the last fifth of its life (6 s at the shortest).
    expect(await expiredAt(start + 5_999, -1)).toBe(0);
    const midway = await expiredAt(start + 8_750, -2);
    expect(midway).toBeGreaterThan(20);
    expect(midway).toBeLessThan(180);
  });
});

/**
 * The store's shared answers as shared-answers.ts keeps them (the PostgreSQL test holds the real one to this): an
 * answer is good in the generation it was asked in, until it expires; a newer one is never replaced by an older one.
 */
function sharedStore() {
  let generation = 0;
  const rows = new Map<string, { body: string; until: number; generation: number }>();
  const shared: SharedAnswers = {
    look: (key, after) => {
      const row = rows.get(key);
      return Promise.resolve(
        row && row.generation === generation && row.until > after
          ? { generation, answer: { body: row.body, until: row.until } }
          : { generation },
      );
    },
    keep: (key, body, until, asked) => {
      // A bigint column in the store.
      if (!Number.isInteger(until)) return Promise.reject(new Error('an answer ends at a whole millisecond'));
      const row = rows.get(key);
      if (asked === generation && !(row && row.generation === asked && row.until >= until))
        rows.set(key, { body, until, generation: asked });
      return Promise.resolve();
    },
  };
  return {
    shared,
    change: () => (generation += 1),
    corrupt: (key: string) => {
      const row = rows.get(key);
      if (row) rows.set(key, { ...row, body: '{"not":"a device"}' });
    },
  };
}

describe('answers kept in the store for every process', () => {
  // Lives of 96.925 % of the time to live: 9,692.5 ms, not a whole millisecond.
  fakeClockAndRandom(0.123);

  const device = jsonText(z.object({ id: z.number(), name: z.string() }));
  /** Two processes' caches of 10 s on one store, and a vendor that counts its calls. */
  function twoProcesses() {
    const store = sharedStore();
    const [one, two] = [0, 1].map(() => new ReadCache({ ttlMs: 10_000, maxRecords: 10, shared: store.shared }));
    if (!one || !two) throw new Error('two caches');
    let calls = 0;
    const vendor = () => Promise.resolve({ id: 1, name: `answer ${String((calls += 1))}` });
    const read = (cache: ReadCache) => cache.get('device:1', vendor, { stored: device });
    return { store, one, two, read, calls: () => calls };
  }

  it('when one process has asked the vendor, then another takes its answer from the store and keeps it no longer than it', async () => {
    const { one, two, read, calls } = twoProcesses();
    expect(await read(one)).toEqual({ id: 1, name: 'answer 1' });
    vi.advanceTimersByTime(5_000);
    expect(await read(two)).toEqual({ id: 1, name: 'answer 1' });
    expect(calls()).toBe(1);
    // At 9 s both are in the last fifth of the one answer's life: the first to renew asks the vendor, the other takes
    // the renewed answer from the store.
    vi.advanceTimersByTime(4_000);
    await read(one);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(2);
    await read(two);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(2);
    expect(await read(two)).toEqual({ id: 1, name: 'answer 2' });
    // Past the first answer's end, neither process has it any longer.
    vi.advanceTimersByTime(1_001);
    expect(await read(one)).toEqual({ id: 1, name: 'answer 2' });
    expect(calls()).toBe(2);
  });

  it('when the tenant changes while a process asks the vendor, then that answer is not kept in the store', async () => {
    const { store, one, two, calls } = twoProcesses();
    let answer = (): void => undefined;
    const slow = () =>
      new Promise<{ id: number; name: string }>((resolve) => {
        answer = () => {
          resolve({ id: 1, name: 'from before the change' });
        };
      });
    const inFlight = one.get('device:1', slow, { stored: device });
    await vi.advanceTimersByTimeAsync(0);
    store.change();
    answer();
    expect(await inFlight).toEqual({ id: 1, name: 'from before the change' });
    const fresh = () => Promise.resolve({ id: 1, name: 'after the change' });
    expect(await two.get('device:1', fresh, { stored: device })).toEqual({ id: 1, name: 'after the change' });
    expect(calls()).toBe(0);
  });

  it('when the kept answer does not have the shape asked for, or the store fails or takes over 250 ms, then the vendor is asked', async () => {
    const { store, one, two, read, calls } = twoProcesses();
    await read(one);
    store.corrupt('device:1');
    expect(await read(two)).toEqual({ id: 1, name: 'answer 2' });
    const away = new ReadCache({
      ttlMs: 10_000,
      maxRecords: 10,
      shared: { look: () => Promise.reject(new Error('the store is away')), keep: () => Promise.resolve() },
    });
    expect(await read(away)).toEqual({ id: 1, name: 'answer 3' });
    const hung = new ReadCache({
      ttlMs: 10_000,
      maxRecords: 10,
      shared: { look: () => new Promise(() => undefined), keep: () => Promise.resolve() },
    });
    const waiting = read(hung);
    await vi.advanceTimersByTimeAsync(249);
    expect(calls()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toEqual({ id: 1, name: 'answer 4' });
  });
});

describe("the tenant's answers kept by one of several processes", () => {
  const settings = {
    baseUrl: 'http://127.0.0.1:9',
    username: 'u',
    password: 'p',
    partitionId: undefined,
    timeoutMs: 1000,
    maxInFlight: 1,
    maxPerSecond: 1,
    readCacheMs: 60_000,
  };

  it("when another process's change is heard, then every kept answer is dropped; while changes may go unheard, answers are kept 3 s at most", async () => {
    vi.useFakeTimers();
    try {
      let live = true;
      let hear = (): void => undefined;
      const changes = {
        get live() {
          return live;
        },
        announce: () => Promise.resolve(),
        subscribe: (listener: () => void) => {
          hear = listener;
        },
      };
      const vendor = new Vendor(settings, { changes });
      let calls = 0;
      const load = () => Promise.resolve((calls += 1));
      expect(await vendor.cache.get('device:1', load)).toBe(1);
      vi.advanceTimersByTime(30_000);
      expect(await vendor.cache.get('device:1', load)).toBe(1);
      hear();
      expect(await vendor.cache.get('device:1', load)).toBe(2);
      live = false;
      expect(await vendor.cache.get('device:2', load)).toBe(3);
      vi.advanceTimersByTime(3_001);
      expect(await vendor.cache.get('device:2', load)).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
