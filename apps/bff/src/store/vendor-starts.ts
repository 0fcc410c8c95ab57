import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Requests per second as several short windows: a fixed one-second window would let twice the budget through
 * around its edge, and the tenant counts its own seconds. With windows of a tenth of the budget, any second holds at
 * most the budget plus one window's share.
 */
export function rateWindow(maxPerSecond: number): { points: number; duration: number } {
  const points = Math.max(1, Math.floor(maxPerSecond / 10));
  return { points, duration: points / maxPerSecond };
}

/** The one counter of starts that every process shares. */
const STARTS_KEY = 'tenant';

/** Two counts whose windows end this close together were made in the same window. */
const SAME_WINDOW_MS = 2;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The requests started per second by every process together, counted by rate-limiter-flexible in the store. The first
 * start a process counts in a window counts, in the same round trip, about three quarters of the starts it made in the
 * window before (at most a quarter of the window's points); the starts beyond those are counted one at a time. A
 * start counted is good only within the window that counted it, so a window never holds more starts than its points.
 * Counting ahead stops once a window was found full, until a window passes without: a refused count still fills its
 * window, and starts counted ahead but unused are lost at its end, which only a budget with room to spare affords.
 */
export class SharedStartBudget {
  private readonly counter: RateLimiterPostgres;
  private readonly mostAhead: number;
  /** Starts counted ahead in the window that ends at `until` and not used yet. */
  private ahead = { left: 0, until: 0 };
  private usedInWindow = 0;
  private refusedInWindow = false;
  private refusedInWindowBefore = false;
  /** The count that opens a window, while it is under way: the others wait for it rather than open it again. */
  private opening: Promise<number> | undefined;

  constructor(counter: RateLimiterPostgres, window: { points: number }) {
    this.counter = counter;
    this.mostAhead = Math.floor(window.points / 4);
  }

  /** Counts one start, waiting for the next window when this one is full; answers when its window ends. */
  async count(): Promise<number> {
    for (;;) {
      if (this.ahead.left > 0 && Date.now() < this.ahead.until) {
        this.ahead.left -= 1;
        this.usedInWindow += 1;
        return this.ahead.until;
      }
      if (Date.now() < this.ahead.until) return this.countNow(0);
      if (this.opening) {
        await this.opening;
        continue;
      }
      const refusedLately = this.refusedInWindow || this.refusedInWindowBefore;
      const expected = refusedLately ? 0 : Math.min(this.mostAhead, Math.floor((this.usedInWindow * 3) / 4));
      this.opening = this.countNow(expected).finally(() => {
        this.opening = undefined;
      });
      return this.opening;
    }
  }

  /** Counts this start and `ahead` more in one round trip; when the window is full, in the next, this one alone. */
  private async countNow(ahead: number): Promise<number> {
    for (let more = ahead; ; more = 0) {
      try {
        const counted = await this.counter.consume(STARTS_KEY, 1 + more);
        const until = Date.now() + counted.msBeforeNext;
        if (until > this.ahead.until + SAME_WINDOW_MS) this.openedWindow({ left: more, until });
        this.usedInWindow += 1;
        return until;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        this.refusedInWindow = true;
        await pause(refusal.msBeforeNext);
      }
    }
  }

  private openedWindow(ahead: { left: number; until: number }): void {
    this.refusedInWindowBefore = this.refusedInWindow;
    this.refusedInWindow = false;
    this.usedInWindow = 0;
    this.ahead = ahead;
  }
}
