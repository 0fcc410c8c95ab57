import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const getDepProfiles = (serverId: number, signal?: AbortSignal) =>
  api.listDepProfiles({ params: { id: serverId }, signal });

export const getDepProfilesQueryOptions = (serverId: number) =>
  queryOptions({
    queryKey: [...queryRoots.dep, 'profiles', serverId],
    queryFn: ({ signal }) => getDepProfiles(serverId, signal),
  });

export const useDepProfiles = (serverId: number) => useQuery(getDepProfilesQueryOptions(serverId));
