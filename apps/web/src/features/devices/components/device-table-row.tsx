import type { DeviceRow } from '@mdm-console/contract';
import { memo } from 'react';
import { SELECT_WIDTH } from '../device-cells.ts';
import type { DeviceColumn } from './device-columns.tsx';

interface DeviceTableRowProps {
  device: DeviceRow;
  index: number;
  start: number;
  width: number;
  columns: readonly DeviceColumn[];
  sizes: readonly number[];
  selected: boolean;
  tabbable: boolean;
  open: boolean;
}

/**
 * One virtual row; its checkbox is drawn (role="checkbox"), not a form control: cheaper to create while scrolling,
 * and keyboard users select with Space on the row. Memoized on plain props (events are delegated to the table body), so that a scroll frame
 * renders only the rows entering the window, not every visible one again.
 */
export const DeviceTableRow = memo(function DeviceTableRow(props: DeviceTableRowProps) {
  const { device, index, columns, sizes } = props;
  return (
    <tr
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      tabIndex={props.tabbable ? 0 : -1}
      className={props.open ? 'row-open' : undefined}
      style={{ transform: `translateY(${props.start}px)`, width: props.width }}
    >
      <td className="select-cell" style={{ width: SELECT_WIDTH }}>
        <span
          className="row-check"
          role="checkbox"
          aria-checked={props.selected}
          aria-label={`Select ${device.deviceName ?? `device ${device.id}`}`}
        />
      </td>
      {columns.map((column, k) => (
        <td key={column.id} style={{ width: sizes[k] }}>
          {column.render(device)}
        </td>
      ))}
    </tr>
  );
});
