import type { Session } from '@mdm-console/contract';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../../lib/api-client.ts';
import { can } from '../../../lib/session.ts';

/** The wait before asking again after a failed request (the BFF restarting, the network gone). */
const RETRY_MS = 5_000;

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Jobs waiting for this person's approval (in their spaces, requested by someone else), live: each request is held
 * by the BFF until the count differs from the one shown, then asked again at once.
 */
export function usePendingApprovals(session: Session | undefined): number | undefined {
  const approver = can(session, 'jobs:approve');
  const [waiting, setWaiting] = useState<number>();
  useEffect(() => {
    if (!approver) return undefined;
    const stop = new AbortController();
    const { signal } = stop;
    void (async () => {
      let known: number | undefined;
      while (!signal.aborted) {
        try {
          ({ waiting: known } = await api.waitingApprovals({ query: known === undefined ? {} : { known }, signal }));
          setWaiting(known);
        } catch (error) {
          // Signed out or no longer an approver: nothing to follow. Anything else passes: ask again shortly.
          if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
          await pause(RETRY_MS, signal);
        }
      }
    })();
    return () => {
      stop.abort();
    };
  }, [approver]);
  return approver ? waiting : undefined;
}
