import { customAttributesResultSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getCustomAttributes = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}/custom-attributes`, customAttributesResultSchema, signal ? { signal } : {});

export const getCustomAttributesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['devices', 'detail', id, 'attributes'],
    queryFn: ({ signal }) => getCustomAttributes(id, signal),
  });

export const useCustomAttributes = (id: number) => useQuery(getCustomAttributesQueryOptions(id));
