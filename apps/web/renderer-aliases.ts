import type { Alias } from 'vite';

/**
 * The app is written against React's API and rendered by Preact through preact/compat: the same components, a tenth of
 * React DOM's size in the page's first script (about 11 KB gzip instead of 60). Types still come from @types/react.
 * The build and the tests resolve React this way alike, so the tests run what ships.
 */
export const rendererAliases: Alias[] = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];
