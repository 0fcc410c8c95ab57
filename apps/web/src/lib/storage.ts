import type { z } from 'zod';

const PREFIX = 'mdm-console:';

/** A value kept in this browser as it was written, unchecked: undefined when absent or unreadable. */
export function readStoredValue(key: string): unknown {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** A value kept in this browser, checked when read back (it may be old or edited by hand). */
export function readStored<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined {
  const value = readStoredValue(key);
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the preference lasts for this page only.
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove.
  }
}
