import { openStream } from '@mdm-console/contract';
import { readCsv } from '../../../lib/csv-download.ts';
import type { AuditFilters } from './get-audit-events.ts';

/** The events the filters select, as CSV; `onProgress` hears the events written so far. */
export async function exportAudit(
  filters: AuditFilters,
  options: { signal: AbortSignal; onProgress: (rows: number, total: number | null) => void },
): Promise<Blob> {
  const response = await openStream('exportAudit', { query: filters, signal: options.signal });
  return readCsv(response, (records) => {
    options.onProgress(Math.max(0, records - 1), null);
  });
}
