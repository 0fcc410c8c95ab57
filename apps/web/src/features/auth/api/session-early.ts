import { requestEarly } from '../../../lib/early-requests.ts';

/** Starts the session check (getSession's call) before the app's code has loaded. */
export const requestSessionEarly = (): Promise<Response> => requestEarly('/api/session');
