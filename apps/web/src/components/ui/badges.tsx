import { complianceBadgeParts, relativeTimeParts, type BadgeParts, type TimeParts } from './badge-parts.ts';

export const Badge = ({ parts }: { parts: BadgeParts }) => <span className={parts.className}>{parts.text}</span>;

export const Time = ({ parts }: { parts: TimeParts }) => (
  <time dateTime={parts.dateTime} title={parts.title}>
    {parts.text}
  </time>
);

export const ComplianceBadge = ({ compliant }: { compliant: boolean | null }) => (
  <Badge parts={complianceBadgeParts(compliant)} />
);

/** "3 hours ago", with the exact time on hover and for machines. */
export const RelativeTime = ({ ms }: { ms: number | null }) => <Time parts={relativeTimeParts(ms)} />;

/** An audit event's outcome: `succeeded`, or `failed:<CODE>`. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={outcome === 'succeeded' ? 'badge badge-ok' : 'badge badge-bad'}>{outcome}</span>;
}
