import { firstScreenSettled } from '../lib/first-screen.ts';
import { opensDevicesPage } from './first-screen.ts';
import { loadDevicesPage } from './route-chunks.ts';

/**
 * The page's first script file, in a chunk of its own that index.html names before the app's: it runs as soon as it has
 * loaded, and loads the code of the screen the address names (the devices page) once that screen's first rows are
 * painted (main.tsx says why not before), beside the app's, so that it is ready when the router asks for it. That
 * screen's requests were started before, by the inline script (first-requests.ts).
 */
async function loadFirstScreen(): Promise<void> {
  if (!opensDevicesPage(window.location.pathname)) return;
  // Not while the page's first rows are being painted from the early answers (lib/first-screen.ts).
  await firstScreenSettled();
  await loadDevicesPage();
}

loadFirstScreen().catch(() => undefined);
