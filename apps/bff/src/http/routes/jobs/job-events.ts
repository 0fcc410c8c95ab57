import { FINAL_JOB_STATES, jobSchema, type Job } from '@mdm-console/contract';
import type { Request, Response } from 'express';
import type { JobService } from '../../../domain/jobs/job-service.ts';
import type { ActiveSession } from '../../../domain/sessions.ts';

const EVENT_POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

/** Server-sent events: the job on every change until it ends, a comment line now and then to keep proxies open. */
export async function streamJobEvents(
  jobs: JobService,
  session: ActiveSession,
  id: string,
  req: Request,
  res: Response,
  stopping: AbortSignal,
): Promise<void> {
  // Checked against the contract like every JSON answer.
  const read = async (): Promise<Job> => jobSchema.parse(await jobs.read(session, id));
  let view = await read();
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  const connection = { closed: false };
  req.on('close', () => {
    connection.closed = true;
  });
  const ended = () => connection.closed || stopping.aborted;
  let last = '';
  let quietSince = performance.now();
  for (;;) {
    const json = JSON.stringify(view);
    if (json !== last) {
      res.write(`event: job\ndata: ${json}\n\n`);
      last = json;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > HEARTBEAT_MS) {
      res.write(': still here\n\n');
      quietSince = performance.now();
    }
    if (FINAL_JOB_STATES.includes(view.state) || ended()) break;
    await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
    if (ended()) break;
    view = await read();
  }
  res.end();
}
