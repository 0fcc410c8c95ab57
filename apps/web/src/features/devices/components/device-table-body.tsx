import type { DeviceRow } from '@mdm-console/contract';
import { elementScroll, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ROW_HEIGHT } from '../device-cells.ts';
import type { DeviceColumn } from './device-columns.tsx';
import { DeviceTableRow } from './device-table-row.tsx';
import type { Selection } from './use-selection.ts';

const LOAD_AHEAD = 40;

interface DeviceTableBodyProps {
  scrollElement: HTMLDivElement | null;
  rows: DeviceRow[];
  columns: readonly DeviceColumn[];
  sizes: readonly number[];
  width: number;
  selection: Selection;
  openDeviceId: number | undefined;
  onOpen: (id: number) => void;
  onHover: (id: number) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/**
 * The scroller's size as the browser reports it after its own layout, before paint. The library's default also reads
 * it at once, while the first render is still being committed: that read forced a layout of the half-built page.
 */
function observeScrollerSize(instance: Virtualizer<HTMLDivElement, Element>, report: (rect: Rect) => void) {
  const scroller = instance.scrollElement;
  if (scroller === null) return undefined;
  const observer = new ResizeObserver(() => {
    report({ width: scroller.clientWidth, height: scroller.clientHeight });
  });
  observer.observe(scroller);
  return () => {
    observer.disconnect();
  };
}

/**
 * Scrolls the scroller, except to the top when it is known to be there: the library writes the position once when it
 * attaches to a new scroller, and any write forces a layout of the page that is still being built.
 */
function scrollScroller(
  offset: number,
  options: { adjustments?: number; behavior?: ScrollBehavior },
  instance: Virtualizer<HTMLDivElement, Element>,
) {
  if (offset + (options.adjustments ?? 0) === 0 && (instance.scrollOffset ?? 0) === 0) return;
  elementScroll(offset, options, instance);
}

/**
 * The virtual rows: only this part renders again on a scroll frame (the header and the table model do not).
 * Rows load ahead of the scroll; one row is in the tab order and the arrows move it.
 */
export function DeviceTableBody(props: DeviceTableBodyProps) {
  const { scrollElement, rows, columns, sizes, width, selection, hasMore, loadingMore, onLoadMore } = props;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
    // React batches the scroll update with the frame instead of rendering synchronously inside the scroll event.
    useFlushSync: false,
    getItemKey: (index) => rows[index]?.id ?? index,
    // Until the scroller is measured, the window stands for it: the first render already has the first rows, instead
    // of an empty pass, a forced layout to measure, and a second pass.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    observeElementRect: observeScrollerSize,
    scrollToFn: scrollScroller,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastVisible >= rows.length - LOAD_AHEAD) onLoadMore();
  }, [hasMore, loadingMore, lastVisible, rows.length, onLoadMore]);

  // Keyboard: one row is in the tab order; arrows move it, Enter opens, Space selects.
  const [active, setActive] = useState(0);
  const [focusWanted, setFocusWanted] = useState(false);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  // Before paint, in the same turn as the render: a focus moved after paint could land after the next key press, and
  // its focusin would set the active row back.
  useLayoutEffect(() => {
    if (!focusWanted) return;
    scrollElement?.querySelector<HTMLElement>(`tr[data-index="${activeIndex}"]`)?.focus();
    setFocusWanted(false);
  }, [focusWanted, activeIndex, items, scrollElement]);
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    setFocusWanted(true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const row = rows[activeIndex];
    if ((event.target as HTMLElement).tagName === 'INPUT' && event.key !== 'ArrowDown' && event.key !== 'ArrowUp')
      return;
    // Measured here, not while rendering: reading a size during a render forces a layout of the half-built page.
    const page = Math.max(1, Math.floor((scrollElement?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
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

  // Row events are delegated here: rows stay memoized with plain props.
  const onBodyClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    const index = rowIndexOf(event.target);
    const device = index === undefined ? undefined : rows[index];
    if (index === undefined || !device) return;
    const target = event.target as HTMLElement;
    if (target.closest('[role=checkbox]')) selection.toggle(rows, index, event.shiftKey);
    else if (!target.closest('a, button')) props.onOpen(device.id);
  };
  const hovered = useRef<number | undefined>(undefined);
  const onBodyHover = (event: MouseEvent<HTMLTableSectionElement>) => {
    const index = rowIndexOf(event.target);
    const id = index === undefined ? undefined : rows[index]?.id;
    if (id === undefined || id === hovered.current) return;
    hovered.current = id;
    props.onHover(id);
  };
  // A row focused by a click or Tab becomes the active one. Listened to as `focusin`, which bubbles from the row:
  // Preact, which renders the app, binds onFocus to `focus` itself, which does not.
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const element = body.current;
    if (!element) return;
    const onFocusIn = (event: FocusEvent) => {
      const index = event.target ? rowIndexOf(event.target) : undefined;
      if (index !== undefined) setActive(index);
    };
    element.addEventListener('focusin', onFocusIn);
    return () => {
      element.removeEventListener('focusin', onFocusIn);
    };
  }, []);

  return (
    <tbody
      ref={body}
      style={{ height: virtualizer.getTotalSize() }}
      onKeyDown={onKeyDown}
      onClick={onBodyClick}
      onMouseOver={onBodyHover}
    >
      {items.map((item) => {
        const device = rows[item.index];
        if (!device) return null;
        return (
          <DeviceTableRow
            key={device.id}
            device={device}
            index={item.index}
            start={item.start}
            width={width}
            columns={columns}
            sizes={sizes}
            selected={selection.has(device.id)}
            tabbable={item.index === activeIndex}
            open={device.id === props.openDeviceId}
          />
        );
      })}
    </tbody>
  );
}

function rowIndexOf(target: EventTarget): number | undefined {
  const index = (target as HTMLElement).closest('tr[data-index]')?.getAttribute('data-index');
  return index === null || index === undefined ? undefined : Number(index);
}
