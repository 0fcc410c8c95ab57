import { spacesSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getSpaces = (signal?: AbortSignal) => apiRequest('/spaces', spacesSchema, signal ? { signal } : {});

export const getSpacesQueryOptions = () =>
  queryOptions({ queryKey: ['spaces'], queryFn: ({ signal }) => getSpaces(signal), staleTime: 5 * 60_000 });

export const useSpaces = () => useQuery(getSpacesQueryOptions());
