import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { SLOT_CHANNEL } from '../../src/store/vendor-budget.ts';
import { freshDatabase } from '../test-database.ts';
import { storesOfTwoProcesses } from './two-processes.ts';

const { stores } = storesOfTwoProcesses();

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
    // A process holding more than its share of the slots gives them back once the other says it wants some: neither
    // process waited for the other to finish everything.
    expect(finished.slice(0, 40)).toContain('process 0');
    expect(finished.slice(0, 40)).toContain('process 1');
  });

  it('when a process dies holding a slot while another keeps giving its own back, then the other still takes the dead one once its lease lapses', async () => {
    // A lease lasts the longest request and 5 s more.
    const limits = { maxInFlight: 2, maxPerSecond: 1_000, longestRequestMs: 100 };
    const [first, second] = stores;
    if (!first || !second) throw new Error('two stores');
    let dyingHolds = false;
    void first.vendorBudget(limits).run(() => {
      dyingHolds = true;
      return new Promise<void>(() => undefined);
    });
    await expect.poll(() => dyingHolds).toBe(true);
    // Two requests at a time on the one slot left: it passes between them while its lease lasts, then goes back to the
    // store, announced, and is taken again. The dead process's slot comes free with no notice; only a look at every
    // slot finds it.
    const living = second.vendorBudget(limits);
    let inFlight = 0;
    let most = 0;
    const request = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(20);
      inFlight -= 1;
    };
    const worker = async () => {
      while (most < 2) await living.run(request);
    };
    await Promise.all([worker(), worker()]);
    expect(most).toBe(2);
  }, 20_000);

  it('when two processes send 300 requests at once under a budget of 100 a second, then no second holds more than the budget and one window (a tenth) more, and every request is sent', async () => {
    const limits = { maxInFlight: 8, maxPerSecond: 100, longestRequestMs: 5_000 };
    const budgets = stores.map((store) => store.vendorBudget(limits));
    const starts: number[] = [];
    const request = async () => {
      starts.push(Date.now());
      await pause(1);
    };
    await Promise.all(budgets.flatMap((budget) => Array.from({ length: 150 }, () => budget.run(request))));
    expect(starts).toHaveLength(300);
    starts.sort((a, b) => a - b);
    let most = 0;
    for (let first = 0, last = 0; last < starts.length; last += 1) {
      while ((starts[last] ?? 0) - (starts[first] ?? 0) >= 1000) first += 1;
      most = Math.max(most, last - first + 1);
    }
    expect(most).toBeLessThanOrEqual(110);
    // Counted starts are not wasted wholesale: the budget is used.
    expect(most).toBeGreaterThan(50);
  }, 20_000);

  it('when a request fails, then its slot is freed for the next', async () => {
    const budget = stores[0]?.vendorBudget({ maxInFlight: 1, maxPerSecond: 1_000, longestRequestMs: 5_000 });
    if (!budget) throw new Error('a store');
    await expect(budget.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(budget.run(() => Promise.resolve('sent'))).resolves.toBe('sent');
  });

  it('when a process waits for a slot that another keeps, then it says again and again that it wants one while it waits (a want lapses), and gets one once the other gives back', async () => {
    // A database of its own: no slot left taken by the tests above.
    const own = await freshDatabase();
    const [holding, waiting] = [await openStore(own.url), await openStore(own.url)];
    const listener = new pg.Client({ connectionString: own.url });
    try {
      await listener.connect();
      let wants = 0;
      listener.on('notification', (message) => {
        if (message.payload?.startsWith('want:')) wants += 1;
      });
      await listener.query(`LISTEN ${SLOT_CHANNEL}`);
      const limits = { maxInFlight: 2, maxPerSecond: 1_000, longestRequestMs: 5_000 };
      const holder = holding.vendorBudget(limits);
      const { promise: kept, resolve: finish } = Promise.withResolvers<undefined>();
      let running = 0;
      const holds = [0, 1].map(() =>
        holder.run(async () => {
          running += 1;
          await kept;
        }),
      );
      await expect.poll(() => running).toBe(2);
      const waited = waiting.vendorBudget(limits).run(() => Promise.resolve('sent'));
      await pause(1_000);
      const said = wants;
      finish(undefined);
      await Promise.all(holds);
      await expect(waited).resolves.toBe('sent');
      // Said every 50 ms while it waits, about 20 times a second; only at each look at every slot, 2 or 3 times.
      expect(said).toBeGreaterThanOrEqual(10);
    } finally {
      await listener.end();
      await holding.close();
      await waiting.close();
      await own.drop();
    }
  });
});
