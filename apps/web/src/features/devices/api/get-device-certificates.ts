import { certificatesSchema } from '@mdm-console/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const getDeviceCertificates = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}/certificates`, certificatesSchema, signal ? { signal } : {});

export const getDeviceCertificatesQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['devices', 'detail', id, 'certificates'],
    queryFn: ({ signal }) => getDeviceCertificates(id, signal),
  });

export const useDeviceCertificates = (id: number) => useQuery(getDeviceCertificatesQueryOptions(id));
