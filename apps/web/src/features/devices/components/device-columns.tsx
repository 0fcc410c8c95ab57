import type { DeviceRow } from '@mdm-console/contract';
import type { ReactNode } from 'react';
import { Badge, Time } from '../../../components/ui/badges.tsx';
import { DEVICE_COLUMN_SPECS, type DeviceCell, type DeviceColumnSpec } from '../device-cells.ts';

export { DEFAULT_COLUMN_IDS, parseColumnIds } from '../device-cells.ts';

export interface DeviceColumn extends DeviceColumnSpec {
  render: (row: DeviceRow) => ReactNode;
}

function cellNode(cell: DeviceCell): ReactNode {
  if ('badge' in cell) return <Badge parts={cell.badge} />;
  if ('time' in cell) return <Time parts={cell.time} />;
  return cell.text;
}

/** The columns the column chooser picks from. */
export const DEVICE_COLUMNS: readonly DeviceColumn[] = DEVICE_COLUMN_SPECS.map((column) => ({
  ...column,
  render: (row) => cellNode(column.cell(row)),
}));

const BY_ID = new Map<string, DeviceColumn>(DEVICE_COLUMNS.map((column) => [column.id, column]));

export const columnsOf = (ids: readonly string[]): DeviceColumn[] =>
  ids.flatMap((id) => {
    const column = BY_ID.get(id);
    return column ? [column] : [];
  });
