/**
 * The page's first screen: a copy of the devices page's first rows painted by the inline first script from the early
 * answers, before the app has loaded (app/first-screen-paint.ts), over the app's root. The app hands over as soon as
 * it shows the page itself (its rows, an error, or another page): the copy goes, and none is painted after that.
 */
export const FIRST_SCREEN_ID = 'first-screen';

/**
 * How long the app's code waits, at most, for the first screen to be painted before it runs. Running it takes the
 * page's one thread for tens of milliseconds (longer on a slow machine): begun just before the answers come in, it
 * would hold back the rows it could not show sooner itself. Bounded, so that a slow search never keeps the page blank.
 */
export const FIRST_SCREEN_WAIT_MS = 200;

declare global {
  // Set by the inline first script (bundled apart from the app): settles once the first screen is painted, or known
  // not to be, or after FIRST_SCREEN_WAIT_MS.
  var mdmFirstScreen: Promise<void> | undefined;
}

/** Lets the app's code run once `painting` settles, or after FIRST_SCREEN_WAIT_MS, whichever comes first. */
export function holdAppForFirstScreen(painting: Promise<void>): void {
  globalThis.mdmFirstScreen = Promise.race([
    painting.catch(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
  ]);
}

/** Settles when the app's code may run: at once when no first screen is being painted. */
export const firstScreenSettled = (): Promise<void> => globalThis.mdmFirstScreen ?? Promise.resolve();

/** Settles once what is in the page now has been painted (after the next frame). */
export const afterNextPaint = (): Promise<void> =>
  new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });

export const firstScreenHandedOver = (): boolean => document.documentElement.dataset.firstScreen === 'handed-over';

export function handOverFirstScreen(): void {
  document.documentElement.dataset.firstScreen = 'handed-over';
  document.getElementById(FIRST_SCREEN_ID)?.remove();
}
