import { JSON_CALL_HEADERS } from '@mdm-console/contract/call-headers';

/**
 * Requests the first screen needs, started by the page's inline first script (app/first-requests.ts) before any script
 * file has loaded. The API client's fetch takes their answers instead of asking again: the same GET of the same URL (in
 * any query order), once, while fresh, and only until the app sends anything but a GET. A guess that the app does not
 * make again is just one request the browser made for nothing.
 */
const FRESH_MS = 10_000;

interface EarlyRequest {
  answer: Promise<Response>;
  at: number;
}

declare global {
  // The inline first script (app/first-requests.ts) is bundled apart from the app, with its own copy of this module:
  // the requests it starts reach the app's copy through this one map on the window.
  var mdmEarlyRequests: Map<string, EarlyRequest> | undefined;
}

const started = (globalThis.mdmEarlyRequests ??= new Map<string, EarlyRequest>());

/** The same request whatever the order of its query. */
function keyOf(url: string): string {
  const parsed = new URL(url, 'http://same-origin');
  parsed.searchParams.sort();
  return `${parsed.pathname}${parsed.search}`;
}

/** Starts a GET of `url` now, for the API client to take later; its answer, for a look before the app takes it. */
export function requestEarly(url: string): Promise<Response> {
  const answer = fetch(url, { headers: JSON_CALL_HEADERS, credentials: 'same-origin' });
  // A failure is for the call that takes the answer to see; until then it is no unhandled rejection.
  answer.catch(() => undefined);
  started.set(keyOf(url), { answer, at: performance.now() });
  return answer;
}

/**
 * The API client's fetch: an early request's answer when one was started for this GET, else the network. Any other
 * method may change what the early answers said (a sign-in turns their 401s stale, another space their rows), so it
 * lets them all go first.
 */
export const fetchReusingEarly: typeof fetch = (input, init) => {
  if ((init?.method ?? 'GET').toUpperCase() !== 'GET') started.clear();
  else if (typeof input === 'string') {
    const key = keyOf(input);
    const early = started.get(key);
    started.delete(key);
    if (early && performance.now() - early.at < FRESH_MS) return early.answer;
  }
  return fetch(input, init);
};
