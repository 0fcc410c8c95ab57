import { formatAgo, formatDateTime } from '../../lib/format.ts';

/**
 * What the compliance badge and the relative time show, without React: the components draw these, and so does the
 * devices page's first screen, painted before the app has loaded (app/first-screen-paint.ts).
 */
export interface BadgeParts {
  className: string;
  text: string;
}

export interface TimeParts {
  /** For machines; absent when the time is unknown. */
  dateTime: string | undefined;
  /** The exact time, on hover. */
  title: string;
  text: string;
}

export function complianceBadgeParts(compliant: boolean | null): BadgeParts {
  if (compliant === null) return { className: 'badge', text: 'Unknown' };
  return compliant
    ? { className: 'badge badge-ok', text: 'Compliant' }
    : { className: 'badge badge-bad', text: 'Not compliant' };
}

/** "3 hours ago", with the exact time on hover and for machines. */
export const relativeTimeParts = (ms: number | null): TimeParts => ({
  dateTime: ms === null ? undefined : new Date(ms).toISOString(),
  title: formatDateTime(ms),
  text: formatAgo(ms),
});
