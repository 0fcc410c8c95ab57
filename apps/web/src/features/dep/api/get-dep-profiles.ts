import { depProfilesSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDepProfiles = (serverId: number, signal?: AbortSignal) =>
  apiRequest(`/dep/servers/${serverId}/profiles`, depProfilesSchema, signal ? { signal } : {});

export const getDepProfilesQueryOptions = (serverId: number) =>
  queryOptions({ queryKey: ['dep', 'profiles', serverId], queryFn: ({ signal }) => getDepProfiles(serverId, signal) });

export const useDepProfiles = (serverId: number) => useQuery(getDepProfilesQueryOptions(serverId));
