import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { explainReason, type JobService } from '../../../domain/jobs/job-service.ts';
import type { ActiveSession } from '../../../domain/sessions.ts';

/** A spreadsheet must not read a device name as a formula. */
const cell = (value: string | number | null): string | number =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? '');

const COLUMNS = [
  'device_id',
  'device_name',
  'platform',
  'owner',
  'outcome',
  'reason',
  'explanation',
  'error',
  'followed_state',
];

/** Every device's outcome as CSV, written as the connection takes it. */
export async function streamJobItemsCsv(
  jobs: JobService,
  session: ActiveSession,
  id: string,
  res: Response,
): Promise<void> {
  await jobs.read(session, id);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="job-${id}.csv"`);
  const csv = stringify({ header: true, columns: COLUMNS });
  csv.pipe(res);
  for await (const page of jobs.allItems(id)) {
    for (const item of page) {
      const row = [
        item.deviceId,
        item.deviceName,
        item.platform,
        item.owner,
        item.outcome ?? 'pending',
        item.reason,
        item.reason === null ? null : explainReason(item.reason),
        item.error,
        item.followedState,
      ].map(cell);
      if (!csv.write(row)) await once(csv, 'drain');
    }
  }
  csv.end();
}
