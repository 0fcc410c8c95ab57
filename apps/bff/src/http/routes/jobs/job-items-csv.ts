import type { Request, Response } from 'express';
import { explainReason, type JobService } from '../../../domain/jobs/job-service.ts';
import type { ActiveSession } from '../../../domain/sessions.ts';
import { streamCsv } from '../../csv-stream.ts';

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
  /** 0 when the job was sent all at once. */
  'wave',
];

/** Every device's outcome as CSV, written as the connection takes it. */
export async function streamJobItemsCsv(
  jobs: JobService,
  session: ActiveSession,
  id: string,
  req: Request,
  res: Response,
): Promise<void> {
  await jobs.read(session, id);
  async function* pages() {
    for await (const page of jobs.allItems(id))
      yield page.map((item) => [
        item.deviceId,
        item.deviceName,
        item.platform,
        item.owner,
        item.outcome ?? 'pending',
        item.reason,
        item.reason === null ? null : explainReason(item.reason),
        item.error,
        item.followedState,
        item.wave,
      ]);
  }
  await streamCsv(req, res, { name: `job-${id}.csv`, header: COLUMNS }, pages());
}
