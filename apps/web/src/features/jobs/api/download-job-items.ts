import { urlOf } from '@mdm-console/contract';
import { ApiError } from '../../../lib/api-client.ts';

/** Saves the per-device outcomes as CSV (fetched with the CSRF header, then handed to the browser as a file). */
export async function downloadJobItems(id: string): Promise<void> {
  const response = await fetch(urlOf('jobItemsCsv', { params: { id } }), {
    headers: { 'X-CSRF': '1' },
    credentials: 'same-origin',
  });
  if (!response.ok) throw new ApiError(response.status, 'DOWNLOAD_FAILED', 'The CSV could not be downloaded; retry.');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `job-${id}.csv`;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}
