import { DEVICE_FIELD_LABELS, type DeviceField, type DeviceRow } from '@mdm-console/contract';
import type { ReactNode } from 'react';
import { ComplianceBadge, RelativeTime } from '../../../components/ui/badges.tsx';
import { formatBoolean, formatDateTime, humanize, platformName } from '../../../lib/format.ts';

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

export interface DeviceColumn {
  id: DeviceField;
  label: string;
  size: number;
  sortField?: SortField;
  render: (row: DeviceRow) => ReactNode;
}

const text = (value: string | number | null) => (value === null || value === '' ? '—' : value);

/** Every device field the table can show, each under its label (the contract's, as the export writes it). */
const FIELD_COLUMNS: readonly Omit<DeviceColumn, 'label'>[] = [
  {
    id: 'deviceName',
    size: 200,
    sortField: 'deviceName',
    render: (row) => text(row.deviceName),
  },
  {
    id: 'displayName',
    size: 170,
    sortField: 'displayName',
    render: (row) => text(row.displayName),
  },
  {
    id: 'emailAddress',
    size: 220,
    sortField: 'emailAddress',
    render: (row) => text(row.emailAddress),
  },
  {
    id: 'platformType',
    size: 100,
    sortField: 'platformType',
    render: (row) => platformName(row.platformType),
  },
  {
    id: 'platformVersion',
    size: 100,
    sortField: 'platformVersion',
    render: (row) => text(row.platformVersion),
  },
  {
    id: 'osBuildVersion',
    size: 110,
    render: (row) => text(row.osBuildVersion),
  },
  {
    id: 'prettyModel',
    size: 170,
    sortField: 'prettyModel',
    render: (row) => text(row.prettyModel),
  },
  { id: 'manufacturer', size: 120, render: (row) => text(row.manufacturer) },
  {
    id: 'serialNumber',
    size: 140,
    sortField: 'serialNumber',
    render: (row) => text(row.serialNumber),
  },
  { id: 'imei', size: 150, render: (row) => text(row.imei) },
  { id: 'phoneNumber', size: 140, render: (row) => text(row.phoneNumber) },
  {
    id: 'registrationState',
    size: 130,
    sortField: 'registrationState',
    render: (row) => humanize(row.registrationState),
  },
  {
    id: 'complianceState',
    size: 130,
    sortField: 'complianceState',
    render: (row) => <ComplianceBadge compliant={row.complianceState} />,
  },
  {
    id: 'policyViolationCount',
    size: 90,
    render: (row) => text(row.policyViolationCount),
  },
  {
    id: 'ownershipType',
    size: 110,
    sortField: 'ownershipType',
    render: (row) => humanize(row.ownershipType),
  },
  {
    id: 'lastCheckin',
    size: 130,
    sortField: 'lastCheckin',
    render: (row) => <RelativeTime ms={row.lastCheckin} />,
  },
  {
    id: 'lastRegistrationTime',
    size: 160,
    sortField: 'lastRegistrationTime',
    render: (row) => formatDateTime(row.lastRegistrationTime),
  },
  {
    id: 'supervised',
    size: 100,
    render: (row) => formatBoolean(row.supervised),
  },
  {
    id: 'jailbroken',
    size: 100,
    render: (row) => formatBoolean(row.jailbroken),
  },
  {
    id: 'lostModeEnabled',
    size: 100,
    render: (row) => formatBoolean(row.lostModeEnabled),
  },
  { id: 'kioskState', size: 110, render: (row) => humanize(row.kioskState) },
  {
    id: 'subscriberCarrierNetwork',
    size: 130,
    render: (row) => text(row.subscriberCarrierNetwork),
  },
  { id: 'id', size: 90, sortField: 'id', render: (row) => row.id },
];

/** The columns the column chooser picks from. */
export const DEVICE_COLUMNS: readonly DeviceColumn[] = FIELD_COLUMNS.map((column) => ({
  ...column,
  label: DEVICE_FIELD_LABELS[column.id],
}));

const BY_ID = new Map<string, DeviceColumn>(DEVICE_COLUMNS.map((column) => [column.id, column]));

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
  const ids = [...new Set(value.split(',').filter((id) => BY_ID.has(id)))];
  return ids.length > 0 ? ids : undefined;
}

export const columnsOf = (ids: readonly string[]): DeviceColumn[] =>
  ids.flatMap((id) => {
    const column = BY_ID.get(id);
    return column ? [column] : [];
  });
