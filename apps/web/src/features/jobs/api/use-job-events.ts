import { CSRF_HEADER, FINAL_JOB_STATES, jobSchema, urlOf } from '@mdm-console/contract';
import { useQueryClient } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { useEffect } from 'react';
import { DEVICE_VIEWS } from '../../../lib/query-keys.ts';
import { getJobQueryOptions } from './get-job.ts';
import { jobListsKey } from './list-jobs.ts';

/**
 * Follows a job through the BFF's server-sent events (read with fetch, so that the CSRF header goes along) and keeps
 * its query up to date; reconnects after a drop until the job ends.
 */
export function useJobEvents(id: string | null, state: string | undefined): void {
  const queryClient = useQueryClient();
  const ended = state !== undefined && (FINAL_JOB_STATES as readonly string[]).includes(state);
  useEffect(() => {
    if (id === null || ended) return;
    const controller = new AbortController();
    const stopped = () => controller.signal.aborted;
    const follow = async () => {
      while (!stopped()) {
        try {
          const response = await fetch(urlOf('jobEvents', { params: { id } }), {
            headers: { ...CSRF_HEADER, Accept: 'text/event-stream' },
            credentials: 'same-origin',
            signal: controller.signal,
          });
          if (!response.ok || !response.body) return;
          const progress = { done: false };
          const finished = () => progress.done;
          const parser = createParser({
            onEvent: (event) => {
              const job = jobSchema.safeParse(JSON.parse(event.data));
              if (!job.success) return;
              queryClient.setQueryData(getJobQueryOptions(id).queryKey, job.data);
              if (!(FINAL_JOB_STATES as readonly string[]).includes(job.data.state)) return;
              progress.done = true;
              // The devices changed: every view of them (table, details, look-up, overview, activity) and of this job's
              // outcomes is read anew.
              // Here, not after the stream: the final state re-renders the caller, whose cleanup may abort it first.
              for (const queryKey of [...DEVICE_VIEWS, jobListsKey, getJobQueryOptions(id).queryKey])
                void queryClient.invalidateQueries({ queryKey });
            },
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const chunk = await reader.read();
            if (chunk.done) break;
            parser.feed(chunk.value);
          }
          if (finished()) return;
        } catch {
          if (stopped()) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    void follow();
    return () => {
      controller.abort();
    };
  }, [id, ended, queryClient]);
}
