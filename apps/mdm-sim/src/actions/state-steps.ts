/**
 * Runs the later steps of asynchronous actions (WIPE_PENDING → WIPE_SENT → WIPED, reassignment INITIATED →
 * SUCCESS…) after a delay per step. Timers do not keep the process alive.
 */
export class StateSteps {
  private readonly delayMs: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(delayMs: () => number) {
    this.delayMs = delayMs;
  }

  /** Runs `steps[k]` after (k + 1) delays. */
  schedule(steps: readonly (() => void)[]): void {
    steps.forEach((step, k) => {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          step();
        },
        this.delayMs() * (k + 1),
      );
      timer.unref();
      this.timers.add(timer);
    });
  }

  /** Drops every pending step (reset, shutdown). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
