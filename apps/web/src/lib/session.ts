import { sessionSchema, type Permission, type Session } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from './api-client.ts';

export const getSession = (signal?: AbortSignal): Promise<Session> =>
  apiRequest('/session', sessionSchema, signal ? { signal } : {});

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: ['session'],
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 60_000,
    retry: false,
  });

/** The signed-in user; only used below the authenticated layout, where the session is loaded. */
export function useSession(): Session | undefined {
  return useQuery(sessionQueryOptions()).data;
}

export const can = (session: Session | undefined, permission: Permission): boolean =>
  session?.permissions.includes(permission) ?? false;
