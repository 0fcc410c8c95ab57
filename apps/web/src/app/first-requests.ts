import { requestSessionEarly } from '../features/auth/api/session-early.ts';
import { requestFirstSearchEarly } from '../features/devices/api/first-search.ts';
import { paintFirstScreenWhenAnswered } from './first-screen-paint.ts';
import { plainViewOf } from '../features/devices/first-screen.ts';
import { holdAppForFirstScreen } from '../lib/first-screen.ts';
import { prepareFormatters } from '../lib/format.ts';
import { applyTheme, storedTheme } from '../lib/theme.ts';
import { opensDevicesPage } from './first-screen.ts';

/**
 * The page's very first script, built alone as a classic script and inlined at the top of index.html (vite.config.ts;
 * the BFF allows it by its hash): the parser runs it as soon as it reaches it, before any script file has loaded, and it
 * starts the requests that the screen the address names needs: the session and the devices page's first search. The
 * app takes their answers instead of asking again (lib/early-requests.ts). When both succeed, it paints the devices
 * page's first rows from them while the app's code is still loading (first-screen-paint.ts), and the app's code waits
 * for that paint, briefly (lib/first-screen.ts). Signed out, the session
 * answers 401, nothing is painted, and the app goes to sign-in as before.
 */
function startFirstRequests(): void {
  // The page's colours before anything is painted, the first screen or the app.
  applyTheme(storedTheme());
  const { pathname, search } = window.location;
  if (pathname === '/sign-in') return;
  const session = requestSessionEarly();
  if (!opensDevicesPage(pathname)) return;
  const firstSearch = requestFirstSearchEarly(search);
  const view = plainViewOf(search);
  // A failed early request is the app's to report when it takes the answer; the first screen is only left out.
  if (!firstSearch || !view) return;
  holdAppForFirstScreen(paintFirstScreenWhenAnswered({ session, search: firstSearch }, view));
  // While the answers are awaited, once the parser has gone on with the page.
  setTimeout(prepareFormatters, 0);
}

startFirstRequests();
