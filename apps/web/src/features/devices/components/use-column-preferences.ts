import type { ColumnSizingState } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { writeStored } from '../../../lib/storage.ts';
import { columnsKey, storedColumns, storedWidths, visibleColumnIds, widthsKey } from '../column-preferences.ts';

/**
 * Columns: the URL's choice when it has one (a shared link shows what its author saw), otherwise the one this
 * user last made in this browser. Widths are remembered per user too.
 */
export function useColumnPreferences(userId: number, urlColumns: string | undefined) {
  const [stored, setStored] = useState(() => storedColumns(userId));
  // One array per choice, not per render: the table's rows are memoized on it.
  const visible = useMemo(() => visibleColumnIds(urlColumns, stored), [urlColumns, stored]);
  const [sizing, setSizing] = useState<ColumnSizingState>(() => storedWidths(userId) ?? {});

  const rememberColumns = useCallback(
    (ids: readonly string[]) => {
      setStored(ids.join(','));
      writeStored(columnsKey(userId), ids.join(','));
    },
    [userId],
  );
  const changeSizing = useCallback(
    (next: ColumnSizingState) => {
      setSizing(next);
      writeStored(widthsKey(userId), next);
    },
    [userId],
  );
  return { visible, rememberColumns, sizing, changeSizing };
}
