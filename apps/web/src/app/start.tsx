import { RouterProvider } from '@tanstack/react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './query-client.ts';
import { createAppRouter } from './router.tsx';
import { handOverFirstScreen } from '../lib/first-screen.ts';
import { applyTheme, followSystemTheme, storedTheme } from '../lib/theme.ts';

// The web benchmark's critical path starts here: every import of the app has been evaluated.
performance.mark('mdm:entry-evaluated');
applyTheme(storedTheme());
followSystemTheme();

let redirecting = false;
const queryClient = createQueryClient(() => {
  // The session ended (expired, signed out elsewhere): to sign-in, then back here. Several calls may fail at once;
  // one redirect is enough, and the cache is emptied only once the signed-in views are gone.
  if (redirecting || router.state.location.pathname === '/sign-in') return;
  redirecting = true;
  void router.navigate({ to: '/sign-in', search: { redirect: router.state.location.href } }).finally(() => {
    // What the sign-in page itself shows (its options) stays: removing a query a mounted view observes leaves it
    // pending for good.
    queryClient.removeQueries({ predicate: (query) => query.getObserversCount() === 0 });
    redirecting = false;
  });
});
const router = createAppRouter(queryClient);
// The first screen is a copy of the devices page: any other page, or a page that failed, replaces it at once.
router.subscribe('onResolved', ({ toLocation }) => {
  if (toLocation.pathname !== '/devices' || router.state.matches.some((match) => match.status === 'error'))
    handOverFirstScreen();
});

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
