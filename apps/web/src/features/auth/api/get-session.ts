import type { Session } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getSession = (signal?: AbortSignal): Promise<Session> => api.getSession({ signal });

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: queryRoots.session,
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 60_000,
    retry: false,
  });

/** The signed-in user; only used below the authenticated layout, where the session is loaded. */
export function useSession(): Session | undefined {
  return useQuery(sessionQueryOptions()).data;
}
