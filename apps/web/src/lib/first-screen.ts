/**
 * The page's first screen: a copy of the devices page's first rows painted by the inline first script from the early
 * answers, before the app has loaded (app/first-screen-paint.ts), over the app's root. The app hands over as soon as
 * it shows the page itself (its rows, an error, or another page): the copy goes, and none is painted after that.
 */
export const FIRST_SCREEN_ID = 'first-screen';

export const firstScreenHandedOver = (): boolean => document.documentElement.dataset.firstScreen === 'handed-over';

export function handOverFirstScreen(): void {
  document.documentElement.dataset.firstScreen = 'handed-over';
  document.getElementById(FIRST_SCREEN_ID)?.remove();
}
