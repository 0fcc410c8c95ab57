import { requestSessionEarly } from '../features/auth/api/session-early.ts';
import { requestFirstSearchEarly } from '../features/devices/api/first-search.ts';
import { loadDevicesPage } from './route-chunks.ts';

/**
 * The page's first script, in a chunk of its own that index.html names before the app's: it runs as soon as it has
 * loaded, while the app's code is still loading and being evaluated, and starts what the screen the address names needs
 * (the session, the devices page's first search and that page's code). The app takes these answers instead of asking
 * again (lib/early-requests.ts). Signed out, the session answers 401 and the app goes to sign-in as before: the page's
 * code was loaded, not shown.
 */
function startFirstRequests(): void {
  const { pathname, search } = window.location;
  if (pathname === '/sign-in') return;
  requestSessionEarly();
  if (pathname !== '/' && pathname !== '/devices') return;
  requestFirstSearchEarly(search);
  loadDevicesPage().catch(() => undefined);
}

startFirstRequests();
