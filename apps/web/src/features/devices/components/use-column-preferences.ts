import type { ColumnSizingState } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { z } from 'zod';
import { readStored, writeStored } from '../../../lib/storage.ts';
import { DEFAULT_COLUMN_IDS, parseColumnIds } from './device-columns.tsx';

const sizingSchema = z.record(z.string(), z.number().min(40).max(1000));

/**
 * Columns: the URL's choice when it has one (a shared link shows what its author saw), otherwise the one this
 * user last made in this browser. Widths are remembered per user too.
 */
export function useColumnPreferences(userId: number, urlColumns: string | undefined) {
  const columnsKey = `columns:${userId}`;
  const sizingKey = `column-widths:${userId}`;
  const [stored, setStored] = useState(() => readStored(columnsKey, z.string()));
  // One array per choice, not per render: the table's rows are memoized on it.
  const visible = useMemo(
    () => parseColumnIds(urlColumns) ?? parseColumnIds(stored) ?? [...DEFAULT_COLUMN_IDS],
    [urlColumns, stored],
  );
  const [sizing, setSizing] = useState<ColumnSizingState>(() => readStored(sizingKey, sizingSchema) ?? {});

  const rememberColumns = useCallback(
    (ids: readonly string[]) => {
      setStored(ids.join(','));
      writeStored(columnsKey, ids.join(','));
    },
    [columnsKey],
  );
  const changeSizing = useCallback(
    (next: ColumnSizingState) => {
      setSizing(next);
      writeStored(sizingKey, next);
    },
    [sizingKey],
  );
  return { visible, rememberColumns, sizing, changeSizing };
}
