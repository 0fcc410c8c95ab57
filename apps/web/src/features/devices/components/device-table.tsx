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
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DeviceColumn } from './device-columns.tsx';
import type { Selection } from './use-selection.ts';

const features = tableFeatures({ rowSortingFeature, columnSizingFeature, columnResizingFeature });
type Features = typeof features;

export const ROW_HEIGHT = 36;
const SELECT_WIDTH = 44;
const LOAD_AHEAD = 40;

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
        minSize: 60,
        maxSize: 600,
        enableSorting: column.sortField !== undefined,
        enableResizing: true,
        cell: ({ row }) => column.render(row.original),
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
    data: rows,
    getRowId: (row) => String(row.id),
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

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? 0;
  const { hasMore, loadingMore, onLoadMore } = props;
  useEffect(() => {
    if (hasMore && !loadingMore && lastVisible >= rows.length - LOAD_AHEAD) onLoadMore();
  }, [hasMore, loadingMore, lastVisible, rows.length, onLoadMore]);

  // Keyboard: one row is in the tab order; arrows move it, Enter opens, Space selects.
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  useEffect(() => {
    if (!focusWanted) return;
    scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${activeIndex}"]`)?.focus();
    setFocusWanted(false);
  }, [focusWanted, activeIndex, items]);
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    setFocusWanted(true);
  };
  const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const row = rows[activeIndex];
    if ((event.target as HTMLElement).tagName === 'INPUT' && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')
      return;
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      if (event.shiftKey && row && (event.key === 'ArrowDown' || event.key === 'ArrowUp'))
        selection.extendTo(rows, target);
      moveTo(target);
    } else if (event.key === 'Enter' && row) {
      event.preventDefault();
      props.onOpen(row.id);
    } else if (event.key === ' ' && row) {
      event.preventDefault();
      selection.toggle(rows, activeIndex, false);
    }
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const width = SELECT_WIDTH + headers.reduce((sum, header) => sum + header.getSize(), 0);
  const allLoadedSelected = rows.length > 0 && (selection.allMatching || rows.every((row) => selection.has(row.id)));
  const someSelected = selection.count(props.total) > 0;

  return (
    <div className="table-scroll" ref={scrollRef} aria-busy={props.busy}>
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
            {headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const column = columns.find((item) => item.id === header.column.id);
              return (
                <th
                  key={header.id}
                  style={{ width: header.getSize() }}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() =>
                        props.onSort(
                          header.column.id,
                          sorted === 'desc'
                            ? 'asc'
                            : sorted === 'asc'
                              ? 'desc'
                              : header.column.id.startsWith('last')
                                ? 'desc'
                                : 'asc',
                        )
                      }
                    >
                      {column?.label}
                      <span aria-hidden="true" className="sort-mark">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    <span className="header-label">{column?.label}</span>
                  )}
                  <div
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={`Resize column ${column?.label ?? header.column.id}`}
                    aria-valuenow={header.getSize()}
                    aria-valuemin={60}
                    aria-valuemax={600}
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
                        [header.column.id]: Math.max(60, Math.min(600, header.getSize() + delta)),
                      });
                    }}
                  />
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {items.map((item) => {
            const row = table.getRowModel().rows[item.index];
            if (!row) return null;
            const device = row.original;
            const selected = selection.has(device.id);
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={item.index === activeIndex ? 0 : -1}
                className={device.id === props.openDeviceId ? 'row-open' : undefined}
                style={{ transform: `translateY(${item.start}px)`, width }}
                onFocus={() => setActive(item.index)}
                onMouseEnter={() => props.onHover(device.id)}
                onClick={(event: MouseEvent) => {
                  if ((event.target as HTMLElement).closest('input, a, button')) return;
                  props.onOpen(device.id);
                }}
              >
                <td className="select-cell" style={{ width: SELECT_WIDTH }}>
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Select ${device.deviceName ?? `device ${device.id}`}`}
                    checked={selected}
                    onClick={(event) => {
                      event.stopPropagation();
                      selection.toggle(rows, item.index, event.shiftKey);
                    }}
                    onChange={() => undefined}
                  />
                </td>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} style={{ width: cell.column.getSize() }}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.loadingMore ? (
        <p className="table-footer" role="status">
          Loading more devices…
        </p>
      ) : null}
    </div>
  );
}
