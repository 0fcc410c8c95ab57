import type { DeviceRow } from '@mdm-console/contract';
import { useCallback, useMemo, useState } from 'react';

export interface Selection {
  allMatching: boolean;
  /** The devices picked one by one (empty when all matching are selected). */
  ids: number[];
  has: (id: number) => boolean;
  count: (total: number) => number;
  toggle: (rows: readonly DeviceRow[], index: number, range: boolean) => void;
  extendTo: (rows: readonly DeviceRow[], index: number) => void;
  selectLoaded: (rows: readonly DeviceRow[]) => void;
  selectAllMatching: () => void;
  clear: () => void;
}

interface State {
  key: string;
  ids: ReadonlySet<number>;
  allMatching: boolean;
  anchor: number | null;
}

const nothingSelected = (key: string): State => ({ key, ids: new Set(), allMatching: false, anchor: null });
/** The selection for this key: a selection made for another search is worth nothing here. */
const forKey = (state: State, key: string): State => (state.key === key ? state : nothingSelected(key));

/**
 * Rows picked one by one (shift extends from the last pick), or "all N matching" the search. A new search
 * (another key) starts with nothing selected: a selection never silently carries over to other devices.
 */
export function useSelection(key: string): Selection {
  const [state, setState] = useState<State>(() => nothingSelected(key));
  const current = useMemo(() => forKey(state, key), [state, key]);
  const update = useCallback(
    (change: (previous: State) => State) => setState((previous) => change(forKey(previous, key))),
    [key],
  );

  return useMemo<Selection>(() => {
    const range = (rows: readonly DeviceRow[], from: number, to: number, on: boolean, base: ReadonlySet<number>) => {
      const ids = new Set(base);
      for (let index = Math.min(from, to); index <= Math.max(from, to); index++) {
        const id = rows[index]?.id;
        if (id !== undefined) {
          if (on) ids.add(id);
          else ids.delete(id);
        }
      }
      return ids;
    };
    return {
      allMatching: current.allMatching,
      ids: current.allMatching ? [] : [...current.ids],
      has: (id) => current.allMatching || current.ids.has(id),
      count: (total) => (current.allMatching ? total : current.ids.size),
      toggle: (rows, index, shift) =>
        update((previous) => {
          const id = rows[index]?.id;
          if (id === undefined) return previous;
          const on = !(previous.allMatching || previous.ids.has(id));
          const base = previous.allMatching ? new Set(rows.map((row) => row.id)) : previous.ids;
          const ids =
            shift && previous.anchor !== null
              ? range(rows, previous.anchor, index, on, base)
              : range(rows, index, index, on, base);
          return { ...previous, ids, allMatching: false, anchor: index };
        }),
      extendTo: (rows, index) =>
        update((previous) => ({
          ...previous,
          ids: range(rows, previous.anchor ?? index, index, true, previous.ids),
          anchor: previous.anchor ?? index,
        })),
      selectLoaded: (rows) =>
        update((previous) => ({ ...previous, ids: new Set(rows.map((row) => row.id)), allMatching: false })),
      selectAllMatching: () => update((previous) => ({ ...previous, allMatching: true })),
      clear: () => update((previous) => nothingSelected(previous.key)),
    };
  }, [current, update]);
}
