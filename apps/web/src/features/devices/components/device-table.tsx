import type { DeviceRow } from '@mdm-console/contract';
import {
  columnResizingFeature,
  columnSizingFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnSizingState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import {
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  SELECT_WIDTH,
  clampColumnWidth,
  columnWidths,
  sortMark,
  tableWidth,
} from '../device-cells.ts';
import type { DeviceColumn } from './device-columns.tsx';
import { DeviceTableBody } from './device-table-body.tsx';
import type { Selection } from './use-selection.ts';

const features = tableFeatures({ rowSortingFeature, columnSizingFeature, columnResizingFeature });
type Features = typeof features;

interface DeviceTableProps {
  rows: DeviceRow[];
  total: number;
  columns: readonly DeviceColumn[];
  sort: string;
  order: 'asc' | 'desc';
  onSort: (field: string, order: 'asc' | 'desc') => void;
  columnSizing: ColumnSizingState;
  onColumnSizing: (sizing: ColumnSizingState) => void;
  selection: Selection;
  openDeviceId: number | undefined;
  onOpen: (id: number) => void;
  onHover: (id: number) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  busy: boolean;
}

// The table models columns, sorting and sizing; the virtual body renders the rows straight from the pages.
const NO_ROWS: DeviceRow[] = [];

/** A second click reverses the order; a new column starts newest first for times, A to Z otherwise. */
function nextDescending(sorted: false | 'asc' | 'desc', columnId: string): boolean {
  if (sorted) return sorted === 'asc';
  return columnId.startsWith('last');
}

const apply = <T,>(updater: Updater<T>, current: T): T =>
  typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;

/** Server-sorted, virtualized rows loaded on scroll, selection with shift ranges, keyboard navigation. */
export function DeviceTable(props: DeviceTableProps) {
  const { rows, columns, selection } = props;
  const columnDefs = useMemo<ColumnDef<Features, DeviceRow>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        accessorFn: (row) => row[column.id],
        header: column.label,
        size: column.size,
        minSize: MIN_COLUMN_WIDTH,
        maxSize: MAX_COLUMN_WIDTH,
        enableSorting: column.sortField !== undefined,
        enableResizing: true,
      })),
    [columns],
  );
  const sorting = useMemo<SortingState>(
    () => [{ id: props.sort, desc: props.order === 'desc' }],
    [props.sort, props.order],
  );
  const table = useTable({
    features,
    columns: columnDefs,
    data: NO_ROWS,
    manualSorting: true,
    enableSortingRemoval: false,
    columnResizeMode: 'onChange',
    state: { sorting, columnSizing: props.columnSizing },
    onSortingChange: (updater) => {
      const next = apply(updater, sorting)[0];
      if (next) props.onSort(next.id, next.desc ? 'desc' : 'asc');
    },
    onColumnSizingChange: (updater) => props.onColumnSizing(apply(updater, props.columnSizing)),
  });

  // State, not a ref: the body's virtualizer needs the element, and a child's effects run before a parent's ref is set.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const { columnSizing } = props;
  const sizes = useMemo(() => columnWidths(columns, columnSizing), [columns, columnSizing]);
  const width = tableWidth(sizes);
  const allLoadedSelected = rows.length > 0 && (selection.allMatching || rows.every((row) => selection.has(row.id)));
  const someSelected = selection.count(props.total) > 0;

  return (
    <div className="table-scroll" ref={setScrollElement} aria-busy={props.busy}>
      <table
        className="grid-table"
        role="grid"
        aria-label="Devices"
        aria-rowcount={props.total + 1}
        aria-multiselectable
        style={{ width }}
      >
        <thead>
          <tr aria-rowindex={1}>
            <th className="select-cell" style={{ width: SELECT_WIDTH }}>
              <input
                type="checkbox"
                aria-label="Select all loaded devices"
                checked={allLoadedSelected}
                ref={(input) => {
                  if (input) input.indeterminate = someSelected && !allLoadedSelected;
                }}
                onChange={() => (allLoadedSelected ? selection.clear() : selection.selectLoaded(rows))}
              />
            </th>
            {headers.map((header, k) => {
              const sorted = header.column.getIsSorted();
              const label = columns[k]?.label ?? header.column.id;
              return (
                <th
                  key={header.id}
                  style={{ width: sizes[k] }}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => header.column.toggleSorting(nextDescending(sorted, header.column.id))}
                    >
                      {label}
                      <span aria-hidden="true" className="sort-mark">
                        {sortMark(sorted)}
                      </span>
                    </button>
                  ) : (
                    <span className="header-label">{label}</span>
                  )}
                  <div
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={`Resize column ${label}`}
                    aria-valuenow={sizes[k]}
                    aria-valuemin={MIN_COLUMN_WIDTH}
                    aria-valuemax={MAX_COLUMN_WIDTH}
                    tabIndex={0}
                    className={header.column.getIsResizing() ? 'resizer resizing' : 'resizer'}
                    onMouseDown={header.getResizeHandler()}
                    onTouchStart={header.getResizeHandler()}
                    onDoubleClick={() => header.column.resetSize()}
                    onKeyDown={(event) => {
                      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
                      event.preventDefault();
                      const delta = event.key === 'ArrowLeft' ? -16 : 16;
                      props.onColumnSizing({
                        ...props.columnSizing,
                        [header.column.id]: clampColumnWidth((sizes[k] ?? MIN_COLUMN_WIDTH) + delta),
                      });
                    }}
                  />
                </th>
              );
            })}
          </tr>
        </thead>
        <DeviceTableBody
          scrollElement={scrollElement}
          rows={rows}
          columns={columns}
          sizes={sizes}
          width={width}
          selection={selection}
          openDeviceId={props.openDeviceId}
          onOpen={props.onOpen}
          onHover={props.onHover}
          hasMore={props.hasMore}
          loadingMore={props.loadingMore}
          onLoadMore={props.onLoadMore}
        />
      </table>
      {props.loadingMore ? (
        <p className="table-footer" role="status">
          Loading more devices…
        </p>
      ) : null}
    </div>
  );
}
