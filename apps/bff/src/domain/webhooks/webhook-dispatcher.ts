import { randomUUID } from 'node:crypto';
import { WEBHOOK_HEADERS } from '@mdm-console/contract';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { AttemptResult, DeliveryRecord, WebhookOutbox } from '../../store/webhook-outbox.ts';
import type { PostWebhook } from '../../upstream/webhook-receiver.ts';
import { signatureHeader } from './webhook-signature.ts';

/**
 * Waits after the 1st, 2nd… failed attempt: within seconds at first, then minutes, then hours. After the last one the
 * delivery is given up (failed): about 16 hours in all.
 */
export const RETRY_DELAYS_SECONDS = [1, 3, 10, 30, 120, 300, 900, 1_800, 3_600, 7_200, 14_400, 28_800] as const;

/** When to try again after `attempts` failed attempts; null when it is given up. */
export function retryAt(attempts: number, now: number): number | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : now + delay * 1000;
}

/** How often due deliveries are looked for: an event waits at most this long for its first attempt. */
const POLL_MS = 1_000;
/** A claim outlives any attempt (the poster's timeout) many times over. */
const LEASE_MS = 120_000;
const BATCH = 20;
const IN_FLIGHT = 4;
/** Delivered and failed deliveries stay in the log this long. */
const KEEP_MS = 30 * 24 * 3_600_000;
const CLEAN_EVERY_MS = 3_600_000;

export interface DispatcherOptions {
  outbox: WebhookOutbox;
  receivers: readonly string[];
  secret: string;
  post: PostWebhook;
  now: () => number;
  log: Logger;
}

/**
 * Sends the outbox's due deliveries to the receivers, each process claiming its own; a delivery is marked delivered
 * on a 2xx and tried again later otherwise, so that a receiver gets each event once it answers 2xx, and nothing is
 * lost when a process stops or dies (its claims lapse and another process, or the next start, takes them).
 */
export class WebhookDispatcher {
  private readonly options: DispatcherOptions;
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private cleanedAt = -Infinity;

  constructor(options: DispatcherOptions) {
    this.options = options;
  }

  start(): void {
    if (this.options.receivers.length === 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(POLL_MS);
      });
    }, ms);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    const { outbox, receivers, now, log } = this.options;
    try {
      if (now() - this.cleanedAt >= CLEAN_EVERY_MS) {
        await outbox.deleteFinishedBefore(now() - KEEP_MS);
        this.cleanedAt = now();
      }
      for (;;) {
        const due = await outbox.claimDue(receivers, {
          owner: this.owner,
          now: now(),
          leaseMs: LEASE_MS,
          limit: BATCH,
        });
        const limit = pLimit(IN_FLIGHT);
        await Promise.all(due.map((delivery) => limit(() => this.attempt(delivery))));
        if (due.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      // The database being away: the deliveries wait in the outbox until the next round.
      log.warn({ err: error }, 'webhook deliveries could not be read; trying again shortly');
    }
  }

  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const { outbox, secret, post, now, log } = this.options;
    const headers = {
      [WEBHOOK_HEADERS.signature]: signatureHeader(secret, delivery.body, Math.floor(now() / 1000)),
      [WEBHOOK_HEADERS.event]: delivery.event,
      [WEBHOOK_HEADERS.delivery]: delivery.id,
    };
    let result: AttemptResult;
    try {
      const { status } = await post(delivery.url, delivery.body, headers);
      result =
        status >= 200 && status < 300
          ? { delivered: true, status, at: now() }
          : {
              delivered: false,
              status,
              error: `answered ${String(status)}`,
              retryAt: retryAt(delivery.attempts + 1, now()),
            };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      const message = error instanceof Error ? `${error.message}${cause}` : String(error);
      result = {
        delivered: false,
        status: null,
        error: message.slice(0, 300),
        retryAt: retryAt(delivery.attempts + 1, now()),
      };
    }
    if (!result.delivered)
      log.warn(
        { delivery: delivery.id, event: delivery.event, attempts: delivery.attempts + 1, error: result.error },
        result.retryAt === null ? 'webhook delivery given up' : 'webhook delivery failed; it is tried again',
      );
    await outbox.recordAttempt(delivery.id, this.owner, result);
  }
}
