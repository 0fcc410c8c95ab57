import { openStream } from '@mdm-console/contract';
import { saveFile } from '../../../lib/csv-download.ts';

/** Saves the per-device outcomes as CSV. */
export async function downloadJobItems(id: string): Promise<void> {
  const response = await openStream('jobItemsCsv', { params: { id } });
  saveFile(await response.blob(), `job-${id}.csv`);
}
