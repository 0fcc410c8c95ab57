/** Where the tenant's request budget is kept: in this process (RequestLimiter) or shared by several processes. */
export interface VendorBudget {
  /** Runs `task` once the budget allows a request to start, and gives its slot back when it ends. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * Bounds the requests to one tenant: at most `maxInFlight` at once and `maxPerSecond` started in any second.
 * Waiters are served in arrival order.
 */
export class RequestLimiter implements VendorBudget {
  private readonly maxInFlight: number;
  private readonly maxPerSecond: number;
  private inFlight = 0;
  private readonly startedAt: number[] = [];
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: { maxInFlight: number; maxPerSecond: number }) {
    if (options.maxInFlight < 1 || options.maxPerSecond < 1) throw new RangeError('limits must be at least 1');
    this.maxInFlight = options.maxInFlight;
    this.maxPerSecond = options.maxPerSecond;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.inFlight -= 1;
      this.pump();
    }
  }

  /** Requests running now and waiting, for health and metrics. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiters.length };
  }

  private acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.pump();
    });
  }

  private pump(): void {
    const now = Date.now();
    while (this.startedAt.length > 0 && now - (this.startedAt[0] ?? 0) >= 1000) this.startedAt.shift();
    while (this.waiters.length > 0 && this.inFlight < this.maxInFlight && this.startedAt.length < this.maxPerSecond) {
      const next = this.waiters.shift();
      this.inFlight += 1;
      this.startedAt.push(now);
      next?.();
    }
    if (this.waiters.length > 0 && this.inFlight < this.maxInFlight && this.timer === undefined) {
      const wait = Math.max(1, 1000 - (now - (this.startedAt[0] ?? now)));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      this.timer.unref();
    }
  }
}
