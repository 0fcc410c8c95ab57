import { openStream, TOTAL_COUNT_HEADER, type DeviceField } from '@mdm-console/contract';
import { readCsv } from '../../../lib/csv-download.ts';
import type { DeviceFilters } from './search-devices.ts';

/** Every device of the view as CSV, with the visible columns; `onProgress` hears rows written of the total. */
export async function exportDevices(
  filters: DeviceFilters,
  columns: readonly DeviceField[],
  options: { signal: AbortSignal; onProgress: (rows: number, total: number | null) => void },
): Promise<Blob> {
  const response = await openStream('exportDevices', {
    query: { ...filters, columns: [...columns] },
    signal: options.signal,
  });
  const total = Number(response.headers.get(TOTAL_COUNT_HEADER));
  // The first record is the header row.
  return readCsv(response, (records) => {
    options.onProgress(Math.max(0, records - 1), Number.isFinite(total) ? total : null);
  });
}
