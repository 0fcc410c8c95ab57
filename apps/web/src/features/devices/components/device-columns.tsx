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

/** Every device field the table can show; the column chooser picks from these. */
export const DEVICE_COLUMNS: readonly DeviceColumn[] = [
  {
    id: 'deviceName',
    label: DEVICE_FIELD_LABELS.deviceName,
    size: 200,
    sortField: 'deviceName',
    render: (row) => text(row.deviceName),
  },
  {
    id: 'displayName',
    label: DEVICE_FIELD_LABELS.displayName,
    size: 170,
    sortField: 'displayName',
    render: (row) => text(row.displayName),
  },
  {
    id: 'emailAddress',
    label: DEVICE_FIELD_LABELS.emailAddress,
    size: 220,
    sortField: 'emailAddress',
    render: (row) => text(row.emailAddress),
  },
  {
    id: 'platformType',
    label: DEVICE_FIELD_LABELS.platformType,
    size: 100,
    sortField: 'platformType',
    render: (row) => platformName(row.platformType),
  },
  {
    id: 'platformVersion',
    label: DEVICE_FIELD_LABELS.platformVersion,
    size: 100,
    sortField: 'platformVersion',
    render: (row) => text(row.platformVersion),
  },
  {
    id: 'osBuildVersion',
    label: DEVICE_FIELD_LABELS.osBuildVersion,
    size: 110,
    render: (row) => text(row.osBuildVersion),
  },
  {
    id: 'prettyModel',
    label: DEVICE_FIELD_LABELS.prettyModel,
    size: 170,
    sortField: 'prettyModel',
    render: (row) => text(row.prettyModel),
  },
  { id: 'manufacturer', label: DEVICE_FIELD_LABELS.manufacturer, size: 120, render: (row) => text(row.manufacturer) },
  {
    id: 'serialNumber',
    label: DEVICE_FIELD_LABELS.serialNumber,
    size: 140,
    sortField: 'serialNumber',
    render: (row) => text(row.serialNumber),
  },
  { id: 'imei', label: DEVICE_FIELD_LABELS.imei, size: 150, render: (row) => text(row.imei) },
  { id: 'phoneNumber', label: DEVICE_FIELD_LABELS.phoneNumber, size: 140, render: (row) => text(row.phoneNumber) },
  {
    id: 'registrationState',
    label: DEVICE_FIELD_LABELS.registrationState,
    size: 130,
    sortField: 'registrationState',
    render: (row) => humanize(row.registrationState),
  },
  {
    id: 'complianceState',
    label: DEVICE_FIELD_LABELS.complianceState,
    size: 130,
    sortField: 'complianceState',
    render: (row) => <ComplianceBadge compliant={row.complianceState} />,
  },
  {
    id: 'policyViolationCount',
    label: DEVICE_FIELD_LABELS.policyViolationCount,
    size: 90,
    render: (row) => text(row.policyViolationCount),
  },
  {
    id: 'ownershipType',
    label: DEVICE_FIELD_LABELS.ownershipType,
    size: 110,
    sortField: 'ownershipType',
    render: (row) => humanize(row.ownershipType),
  },
  {
    id: 'lastCheckin',
    label: DEVICE_FIELD_LABELS.lastCheckin,
    size: 130,
    sortField: 'lastCheckin',
    render: (row) => <RelativeTime ms={row.lastCheckin} />,
  },
  {
    id: 'lastRegistrationTime',
    label: DEVICE_FIELD_LABELS.lastRegistrationTime,
    size: 160,
    sortField: 'lastRegistrationTime',
    render: (row) => formatDateTime(row.lastRegistrationTime),
  },
  {
    id: 'supervised',
    label: DEVICE_FIELD_LABELS.supervised,
    size: 100,
    render: (row) => formatBoolean(row.supervised),
  },
  {
    id: 'jailbroken',
    label: DEVICE_FIELD_LABELS.jailbroken,
    size: 100,
    render: (row) => formatBoolean(row.jailbroken),
  },
  {
    id: 'lostModeEnabled',
    label: DEVICE_FIELD_LABELS.lostModeEnabled,
    size: 100,
    render: (row) => formatBoolean(row.lostModeEnabled),
  },
  { id: 'kioskState', label: DEVICE_FIELD_LABELS.kioskState, size: 110, render: (row) => humanize(row.kioskState) },
  {
    id: 'subscriberCarrierNetwork',
    label: DEVICE_FIELD_LABELS.subscriberCarrierNetwork,
    size: 130,
    render: (row) => text(row.subscriberCarrierNetwork),
  },
  { id: 'id', label: DEVICE_FIELD_LABELS.id, size: 90, sortField: 'id', render: (row) => row.id },
];

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
