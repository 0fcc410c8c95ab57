import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { freshDatabase, type TestDatabase } from '../test-database.ts';

let database: TestDatabase;
const stores: Store[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  // Two stores on one database stand for two processes.
  for (let k = 0; k < 2; k += 1) stores.push(await openStore(database.url));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await database.drop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the shared in-flight budget', () => {
  it('when two processes each send 40 requests at once under a budget of 3 in flight, then never more than 3 are in flight and every request is sent, in both processes', async () => {
    const limits = { maxInFlight: 3, maxPerSecond: 1_000, longestRequestMs: 5_000 };
    const budgets = stores.map((store) => store.vendorBudget(limits));
    let inFlight = 0;
    let most = 0;
    const finished: string[] = [];
    const request = (process: string) => async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(5);
      inFlight -= 1;
      finished.push(process);
    };
    await Promise.all(
      budgets.flatMap((budget, k) => Array.from({ length: 40 }, () => budget.run(request(`process ${String(k)}`)))),
    );
    expect(most).toBe(3);
    expect(finished.filter((process) => process === 'process 0')).toHaveLength(40);
    expect(finished.filter((process) => process === 'process 1')).toHaveLength(40);
    // A slot passes to the next request of the same process only a few times in a row: neither process waited for
    // the other to finish everything.
    expect(finished.slice(0, 40)).toContain('process 0');
    expect(finished.slice(0, 40)).toContain('process 1');
  });

  it('when a process dies holding every slot, then another process takes them once their leases lapse, with no notice', async () => {
    // A lease lasts the longest request and 5 s more.
    const limits = { maxInFlight: 2, maxPerSecond: 1_000, longestRequestMs: 100 };
    const [first, second] = stores;
    if (!first || !second) throw new Error('two stores');
    const dying = first.vendorBudget(limits);
    const taken: number[] = [];
    const forever = new Promise<void>(() => undefined);
    for (let k = 0; k < 2; k += 1)
      void dying.run(() => {
        taken.push(k);
        return forever;
      });
    await expect.poll(() => taken.length).toBe(2);
    // The dying process never gives its slots back nor announces anything: the other finds them by looking again.
    await expect(second.vendorBudget(limits).run(() => Promise.resolve('sent'))).resolves.toBe('sent');
  }, 20_000);

  it('when a request fails, then its slot is freed for the next', async () => {
    const budget = stores[0]?.vendorBudget({ maxInFlight: 1, maxPerSecond: 1_000, longestRequestMs: 5_000 });
    if (!budget) throw new Error('a store');
    await expect(budget.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(budget.run(() => Promise.resolve('sent'))).resolves.toBe('sent');
  });
});
