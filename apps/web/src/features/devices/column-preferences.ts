import { isRecord } from '../../lib/is-record.ts';
import { readStoredValue } from '../../lib/storage.ts';
import { DEFAULT_COLUMN_IDS, parseColumnIds } from './device-cells.ts';

/**
 * The columns and widths a user last chose in this browser, read without the app's code: the page's first screen
 * (painted before the app has loaded) shows the table as the app will.
 */
export const columnsKey = (userId: number): string => `columns:${String(userId)}`;
export const widthsKey = (userId: number): string => `column-widths:${String(userId)}`;

export type ColumnWidths = Record<string, number>;

const isWidth = (value: unknown): value is number => typeof value === 'number' && value >= 40 && value <= 1000;

export function storedColumns(userId: number): string | undefined {
  const value = readStoredValue(columnsKey(userId));
  return typeof value === 'string' ? value : undefined;
}

/** The remembered widths, or none when any of them is not a width (edited by hand, or from another version). */
export function storedWidths(userId: number): ColumnWidths | undefined {
  const value = readStoredValue(widthsKey(userId));
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  const widths = entries.filter((entry): entry is [string, number] => isWidth(entry[1]));
  return widths.length === entries.length ? Object.fromEntries(widths) : undefined;
}

/** The URL's choice when it has one (a shared link shows what its author saw), otherwise the user's last one. */
export const visibleColumnIds = (urlColumns: string | undefined, stored: string | undefined): string[] =>
  parseColumnIds(urlColumns) ?? parseColumnIds(stored) ?? [...DEFAULT_COLUMN_IDS];
