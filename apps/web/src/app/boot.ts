import { opensDevicesPage } from './first-screen.ts';
import { loadDevicesPage } from './route-chunks.ts';

/**
 * The page's first script file, in a chunk of its own that index.html names before the app's: it runs as soon as it has
 * loaded, while the app's code is still loading and being evaluated, and loads the code of the screen the address names
 * (the devices page) so that it is ready when the router asks for it. The requests that screen needs were started
 * before, by the inline script (first-requests.ts).
 */
function loadFirstScreen(): void {
  if (opensDevicesPage(window.location.pathname)) loadDevicesPage().catch(() => undefined);
}

loadFirstScreen();
