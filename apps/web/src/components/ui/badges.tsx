import { formatAgo, formatDateTime } from '../../lib/format.ts';

export function ComplianceBadge({ compliant }: { compliant: boolean | null }) {
  if (compliant === null) return <span className="badge">Unknown</span>;
  return (
    <span className={compliant ? 'badge badge-ok' : 'badge badge-bad'}>
      {compliant ? 'Compliant' : 'Not compliant'}
    </span>
  );
}

/** "3 hours ago", with the exact time on hover and for machines. */
export function RelativeTime({ ms }: { ms: number | null }) {
  return (
    <time dateTime={ms === null ? undefined : new Date(ms).toISOString()} title={formatDateTime(ms)}>
      {formatAgo(ms)}
    </time>
  );
}

/** An audit event's outcome: `succeeded`, or `failed:<CODE>`. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={outcome === 'succeeded' ? 'badge badge-ok' : 'badge badge-bad'}>{outcome}</span>;
}
