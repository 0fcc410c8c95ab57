/**
 * Made on first use, not when the module loads: the page's inline first script holds this module, and making a
 * formatter costs milliseconds that would hold back the first requests it starts.
 */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

const dateTime = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
const date = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }));
const relative = once(() => new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));
const integer = once(() => new Intl.NumberFormat());

/**
 * Makes the formatters now. The first costs about 20 ms in a new tab (the browser loads its time zone data): the
 * inline first script has it done while its requests are in flight, rather than after their answers.
 */
export function prepareFormatters(): void {
  dateTime();
  relative();
  integer();
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export const formatDateTime = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : dateTime().format(ms);
export const formatDate = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : date().format(ms);
export const formatCount = (value: number): string => integer().format(value);

/** The browser's time zone, e.g. Europe/Paris: shown beside every time a person picks. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A time in the browser's zone, naming the zone: "1 Dec 2026, 15:00 (Europe/Paris)". */
export const formatZoned = (iso: string): string => `${dateTime().format(Date.parse(iso))} (${browserTimeZone()})`;

/** "3 hours ago": how long since a time, in the largest whole unit. */
export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return 'never';
  const elapsed = ms - now;
  for (const [unit, size] of UNITS)
    if (Math.abs(elapsed) >= size) return relative().format(Math.round(elapsed / size), unit);
  return 'just now';
}

export const formatBoolean = (value: boolean | null | undefined): string =>
  value === null || value === undefined ? '—' : value ? 'Yes' : 'No';

/** "REGISTRATION_PENDING" → "Registration pending". */
export function humanize(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  if (!/^[A-Z0-9_]+$/.test(code)) return code;
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const PLATFORM_NAMES: Record<string, string> = {
  IOS: 'iOS',
  ANDROID: 'Android',
  WINDOWS_PHONE: 'Windows',
  WINDOWS: 'Windows',
  OSX: 'macOS',
  MACOS: 'macOS',
};
export const platformName = (code: string | null | undefined): string =>
  code ? (PLATFORM_NAMES[code.toUpperCase()] ?? humanize(code)) : '—';
