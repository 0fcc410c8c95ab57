import { requestSessionEarly } from '../features/auth/api/session-early.ts';
import { requestFirstSearchEarly } from '../features/devices/api/first-search.ts';
import { opensDevicesPage } from './first-screen.ts';

/**
 * The page's very first script, built alone as a classic script and inlined at the top of index.html (vite.config.ts;
 * the BFF allows it by its hash): the parser runs it as soon as it reaches it, before any script file has loaded, and it
 * starts the requests that the screen the address names needs: the session and the devices page's first search. The
 * app takes their answers instead of asking again (lib/early-requests.ts). Signed out, the session answers 401 and the
 * app goes to sign-in as before.
 */
function startFirstRequests(): void {
  const { pathname, search } = window.location;
  if (pathname === '/sign-in') return;
  requestSessionEarly();
  if (opensDevicesPage(pathname)) requestFirstSearchEarly(search);
}

startFirstRequests();
