import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDeviceQueryOptions } from './get-device.ts';

export const getCustomAttributes = (id: number, signal?: AbortSignal) =>
  api.getCustomAttributes({ params: { id }, signal });

export const getCustomAttributesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...getDeviceQueryOptions(id).queryKey, 'attributes'],
    queryFn: ({ signal }) => getCustomAttributes(id, signal),
  });

export const useCustomAttributes = (id: number) => useQuery(getCustomAttributesQueryOptions(id));
