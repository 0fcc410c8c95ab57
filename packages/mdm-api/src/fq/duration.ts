// The time-window form `lastCheckin<'d:hh:mm:ss'` (also `hh:mm:ss`): "within that long before now".
const DURATION = /^(?:(\d{1,5}):)?(\d{1,3}):(\d{1,2}):(\d{1,2})$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The length in milliseconds of a `[d:]hh:mm:ss` value, or undefined when the text is not one. */
export function parseFqDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * DAY + Number(hours) * HOUR + Number(minutes) * MINUTE + Number(seconds) * SECOND;
}

/** Formats milliseconds (rounded up to whole seconds) as `d:hh:mm:ss`. */
export function formatFqDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a duration must be a finite, non-negative number');
  let rest = Math.ceil(ms / SECOND);
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${days}:${two(hours)}:${two(minutes)}:${two(seconds)}`;
}
