import { DEVICE_FIELD_LABELS, type DeviceField } from '@mdm-console/contract/device-fields';
import type { DeviceRow } from '@mdm-console/contract';
import {
  complianceBadgeParts,
  relativeTimeParts,
  type BadgeParts,
  type TimeParts,
} from '../../components/ui/badge-parts.ts';
import { formatBoolean, formatDateTime, humanize, platformName } from '../../lib/format.ts';

type SortField =
  | 'lastCheckin'
  | 'lastRegistrationTime'
  | 'deviceName'
  | 'prettyModel'
  | 'platformType'
  | 'platformVersion'
  | 'emailAddress'
  | 'displayName'
  | 'registrationState'
  | 'complianceState'
  | 'serialNumber'
  | 'ownershipType'
  | 'id';

/** What one cell of the devices table shows: plain text, a badge or a relative time. */
export type DeviceCell = { text: string } | { badge: BadgeParts } | { time: TimeParts };

/**
 * A column of the devices table, without React: the table draws its cells from `cell`, and so does the page's first
 * screen, painted before the app has loaded (app/first-screen-paint.ts), so the two cannot show a row differently.
 */
export interface DeviceColumnSpec {
  id: DeviceField;
  label: string;
  size: number;
  sortField?: SortField;
  cell: (row: DeviceRow) => DeviceCell;
}

const text = (value: string | number | null): DeviceCell => ({
  text: value === null || value === '' ? '—' : String(value),
});

/** Every device field the table can show, each under its label (the contract's, as the export writes it). */
const FIELD_COLUMNS: readonly Omit<DeviceColumnSpec, 'label'>[] = [
  { id: 'deviceName', size: 200, sortField: 'deviceName', cell: (row) => text(row.deviceName) },
  { id: 'displayName', size: 170, sortField: 'displayName', cell: (row) => text(row.displayName) },
  { id: 'emailAddress', size: 220, sortField: 'emailAddress', cell: (row) => text(row.emailAddress) },
  {
    id: 'platformType',
    size: 100,
    sortField: 'platformType',
    cell: (row) => ({ text: platformName(row.platformType) }),
  },
  { id: 'platformVersion', size: 100, sortField: 'platformVersion', cell: (row) => text(row.platformVersion) },
  { id: 'osBuildVersion', size: 110, cell: (row) => text(row.osBuildVersion) },
  { id: 'prettyModel', size: 170, sortField: 'prettyModel', cell: (row) => text(row.prettyModel) },
  { id: 'manufacturer', size: 120, cell: (row) => text(row.manufacturer) },
  { id: 'serialNumber', size: 140, sortField: 'serialNumber', cell: (row) => text(row.serialNumber) },
  { id: 'imei', size: 150, cell: (row) => text(row.imei) },
  { id: 'phoneNumber', size: 140, cell: (row) => text(row.phoneNumber) },
  {
    id: 'registrationState',
    size: 130,
    sortField: 'registrationState',
    cell: (row) => ({ text: humanize(row.registrationState) }),
  },
  {
    id: 'complianceState',
    size: 130,
    sortField: 'complianceState',
    cell: (row) => ({ badge: complianceBadgeParts(row.complianceState) }),
  },
  { id: 'policyViolationCount', size: 90, cell: (row) => text(row.policyViolationCount) },
  {
    id: 'ownershipType',
    size: 110,
    sortField: 'ownershipType',
    cell: (row) => ({ text: humanize(row.ownershipType) }),
  },
  {
    id: 'lastCheckin',
    size: 130,
    sortField: 'lastCheckin',
    cell: (row) => ({ time: relativeTimeParts(row.lastCheckin) }),
  },
  {
    id: 'lastRegistrationTime',
    size: 160,
    sortField: 'lastRegistrationTime',
    cell: (row) => ({ text: formatDateTime(row.lastRegistrationTime) }),
  },
  { id: 'supervised', size: 100, cell: (row) => ({ text: formatBoolean(row.supervised) }) },
  { id: 'jailbroken', size: 100, cell: (row) => ({ text: formatBoolean(row.jailbroken) }) },
  { id: 'lostModeEnabled', size: 100, cell: (row) => ({ text: formatBoolean(row.lostModeEnabled) }) },
  { id: 'kioskState', size: 110, cell: (row) => ({ text: humanize(row.kioskState) }) },
  { id: 'subscriberCarrierNetwork', size: 130, cell: (row) => text(row.subscriberCarrierNetwork) },
  { id: 'id', size: 90, sortField: 'id', cell: (row) => text(row.id) },
];

/** The columns the column chooser picks from. */
export const DEVICE_COLUMN_SPECS: readonly DeviceColumnSpec[] = FIELD_COLUMNS.map((column) => ({
  ...column,
  label: DEVICE_FIELD_LABELS[column.id],
}));

const KNOWN = new Set<string>(DEVICE_COLUMN_SPECS.map((column) => column.id));

export const DEFAULT_COLUMN_IDS = [
  'deviceName',
  'displayName',
  'platformType',
  'platformVersion',
  'prettyModel',
  'registrationState',
  'complianceState',
  'lastCheckin',
] as const;

/** "a,b,c" from the URL or storage → known columns, in order, without repeats. */
export function parseColumnIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = [...new Set(value.split(',').filter((id) => KNOWN.has(id)))];
  return ids.length > 0 ? ids : undefined;
}

/** The table's geometry, the same for the app's table and the first screen's copy of it. */
export const ROW_HEIGHT = 36;
export const SELECT_WIDTH = 44;

/** The narrowest and widest a column may be made. */
export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 600;
export const clampColumnWidth = (width: number): number =>
  Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, width));

/** Each column's width: the one the user set (within bounds), else its own. */
export const columnWidths = (columns: readonly DeviceColumnSpec[], set: Readonly<Record<string, number>>): number[] =>
  columns.map((column) => clampColumnWidth(set[column.id] ?? column.size));

/** The whole row's width: the selection column and every column. */
export const tableWidth = (widths: readonly number[]): number =>
  SELECT_WIDTH + widths.reduce((sum, width) => sum + width, 0);

/** The mark a sorted column's header shows. */
export const sortMark = (sorted: false | 'asc' | 'desc' | undefined): string =>
  sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '';
