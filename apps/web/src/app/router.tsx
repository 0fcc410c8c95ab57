import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  stripSearchParams,
} from '@tanstack/react-router';
import { z } from 'zod';
import { Toaster } from '../components/ui/toaster.tsx';
import { ErrorState } from '../components/ui/states.tsx';
import { activitySearchSchema } from '../features/activity/search-params.ts';
import { filtersOf, getDevicesInfiniteQueryOptions } from '../features/devices/api/search-devices.ts';
import { DEVICES_SEARCH_DEFAULTS, devicesSearchSchema } from '../features/devices/search-params.ts';
import { helpdeskSearchSchema } from '../features/helpdesk/search-params.ts';
import { isUnauthorized } from '../lib/api-client.ts';
import { sessionQueryOptions } from '../features/auth/public.ts';
import { AppLayout } from './app-layout.tsx';
import { loadDevicesPage } from './route-chunks.ts';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <Outlet />
      <Toaster />
    </>
  ),
  errorComponent: ({ error }) => (
    <main className="page">
      <ErrorState error={error} onRetry={() => window.location.reload()} />
    </main>
  ),
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: z.object({
    redirect: z.string().max(2000).optional().catch(undefined),
    /** Why single sign-on sent the browser back here (a BFF error code). */
    sso: z.string().max(64).optional().catch(undefined),
  }),
  component: lazyRouteComponent(() => import('../features/auth/components/sign-in-page.tsx'), 'SignInPage'),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.query(sessionQueryOptions());
    } catch (error) {
      if (isUnauthorized(error)) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
      throw error;
    }
  },
  component: AppLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/devices' });
  },
});

export const devicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/devices',
  validateSearch: devicesSearchSchema,
  search: { middlewares: [stripSearchParams(DEVICES_SEARCH_DEFAULTS)] },
  // The first page is fetched while the page's code loads, not after it.
  loaderDeps: ({ search }) => filtersOf(search),
  loader: ({ context, deps }) => {
    const spaceId = context.queryClient.getQueryData(sessionQueryOptions().queryKey)?.spaceId ?? null;
    void context.queryClient.infiniteQuery(getDevicesInfiniteQueryOptions(deps, spaceId)).catch(() => undefined);
  },
  component: lazyRouteComponent(loadDevicesPage, 'DevicesPage'),
});

export const helpdeskRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/helpdesk',
  validateSearch: helpdeskSearchSchema,
  search: { middlewares: [stripSearchParams({ q: '' })] },
  component: lazyRouteComponent(() => import('../features/helpdesk/components/helpdesk-page.tsx'), 'HelpdeskPage'),
});

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/overview',
  component: lazyRouteComponent(() => import('../features/overview/components/overview-page.tsx'), 'OverviewPage'),
});

export const activityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activity',
  validateSearch: activitySearchSchema,
  component: lazyRouteComponent(() => import('../features/activity/components/activity-page.tsx'), 'ActivityPage'),
});

const jobRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activity/jobs/$jobId',
  component: lazyRouteComponent(() => import('../features/jobs/components/job-detail-page.tsx'), 'JobDetailPage'),
});

const depRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dep',
  component: lazyRouteComponent(() => import('../features/dep/components/dep-page.tsx'), 'DepPage'),
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/import',
  validateSearch: z.object({ id: z.uuid().optional().catch(undefined) }),
  component: lazyRouteComponent(() => import('../features/imports/components/import-page.tsx'), 'ImportPage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/webhooks',
  component: lazyRouteComponent(() => import('../features/webhooks/components/webhooks-page.tsx'), 'WebhooksPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    indexRoute,
    devicesRoute,
    helpdeskRoute,
    overviewRoute,
    activityRoute,
    jobRoute,
    depRoute,
    importRoute,
    webhooksRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}
