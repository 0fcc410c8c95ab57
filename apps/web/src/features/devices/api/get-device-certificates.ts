import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDeviceQueryOptions } from './get-device.ts';

export const getDeviceCertificates = (id: number, signal?: AbortSignal) =>
  api.getDeviceCertificates({ params: { id }, signal });

export const getDeviceCertificatesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: [...getDeviceQueryOptions(id).queryKey, 'certificates'],
    queryFn: ({ signal }) => getDeviceCertificates(id, signal),
  });

export const useDeviceCertificates = (id: number) => useQuery(getDeviceCertificatesQueryOptions(id));
