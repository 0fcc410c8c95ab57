// First: the page's first script (its own chunk, which index.html names before this one).
import './app/boot.ts';
import { firstScreenSettled } from './lib/first-screen.ts';
// Imported by the entry, so that the build inlines it in index.html: the first screen is drawn with it too.
import './styles.css';

// The app's code is loaded and run once the first screen is painted (or has been waited for briefly): loading it
// earlier (modulepreload) was measured to hold back the first answers and rows (0.37 → 0.76 of the build before, in a
// new tab) without making the app ready any sooner (entry evaluated at 427 against 436 ms).
await firstScreenSettled();
await import('./app/start.tsx');
