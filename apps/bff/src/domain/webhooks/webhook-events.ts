import { randomUUID } from 'node:crypto';
import { JOB_ACTION_INFO, type JobCounts, type JobState, type WebhookEvent } from '@mdm-console/contract';
import type { JobRecord } from '../../store/job-records.ts';
import type { OutboxEvent } from '../../store/webhook-outbox.ts';

/** `json`: the console's own event; `chat`: `{"text": …}`, which Slack and Microsoft Teams incoming webhooks accept. */
export type WebhookFormat = 'json' | 'chat';

export interface WebhookSettings {
  urls: readonly string[];
  secret: string;
  format: WebhookFormat;
}

export const NO_WEBHOOKS: WebhookSettings = { urls: [], secret: '', format: 'json' };

/** What an event tells of its job. */
export type JobFacts = Pick<
  JobRecord,
  'id' | 'action' | 'targetDescription' | 'spaceId' | 'requestedBy' | 'approvedBy' | 'frozenCount' | 'preflight'
>;

/** What an event says of its job beyond the job itself. */
export interface JobEventDetails {
  /** The job's state after the change (the job record may be from before it). */
  state: JobState;
  counts?: JobCounts;
  /** Why the job stopped or waits, in words. */
  reason?: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The one line a chat shows. */
function chatText(event: WebhookEvent, job: JobFacts, details: JobEventDetails, link: string): string {
  const what = `${JOB_ACTION_INFO[job.action].label} of ${plural(job.preflight?.eligible ?? job.frozenCount, 'device')}`;
  const counts = details.counts;
  const tally = counts
    ? Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${n.toLocaleString('en-US')} ${outcome}`)
        .join(', ')
    : '';
  const sentence =
    event === 'job.approval_requested'
      ? `Approval needed: ${what}, requested by ${job.requestedBy}.`
      : event === 'job.finished'
        ? `${what} ${details.state}${tally === '' ? '' : `: ${tally}`}.`
        : `${what} ${event === 'job.halted' ? 'halted' : 'paused'}${details.reason ? `: ${details.reason}` : ''}.`;
  return `${sentence} ${link}`;
}

/** Builds the outbox events the configured receivers get; none when no receiver is configured. */
export class WebhookEvents {
  private readonly settings: WebhookSettings;
  private readonly publicUrl: () => string;

  /** `publicUrl`: the console as browsers reach it, for links to the job. */
  constructor(settings: WebhookSettings, publicUrl: () => string) {
    this.settings = settings;
    this.publicUrl = publicUrl;
  }

  get receivers(): readonly string[] {
    return this.settings.urls;
  }

  /** The event about `job`, one delivery per receiver. */
  aboutJob(event: WebhookEvent, job: JobFacts, details: JobEventDetails, now: number): OutboxEvent[] {
    const { urls, format } = this.settings;
    if (urls.length === 0) return [];
    const eventId = randomUUID();
    const link = `${this.publicUrl()}/activity/jobs/${job.id}`;
    const body =
      format === 'chat'
        ? { text: chatText(event, job, details, link) }
        : {
            id: eventId,
            type: event,
            occurredAt: new Date(now).toISOString(),
            job: {
              id: job.id,
              url: link,
              action: job.action,
              target: job.targetDescription,
              spaceId: job.spaceId,
              state: details.state,
              requestedBy: job.requestedBy,
              approvedBy: job.approvedBy,
              devices: job.frozenCount,
              eligible: job.preflight?.eligible ?? null,
              counts: details.counts ?? null,
              reason: details.reason ?? null,
            },
          };
    return [
      {
        eventId,
        event,
        jobId: job.id,
        spaceId: job.spaceId,
        body: JSON.stringify(body),
        createdAt: now,
        deliveries: urls.map((url) => ({ id: randomUUID(), url })),
      },
    ];
  }
}
