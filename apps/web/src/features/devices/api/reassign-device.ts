import { reassignmentSchema } from '@mdm-console/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';

export const reassignDevice = (id: number, userId: number) =>
  apiRequest(`/devices/${id}/reassign`, reassignmentSchema, { method: 'POST', body: { userId } });

export const getReassignment = (id: number, signal?: AbortSignal) =>
  apiRequest(`/devices/${id}/reassignment`, reassignmentSchema, signal ? { signal } : {});

/** Followed every 2 s while the reassignment is in progress, until it settles. */
export const getReassignmentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['devices', 'detail', id, 'reassignment'],
    queryFn: ({ signal }) => getReassignment(id, signal),
    refetchInterval: (query) => (query.state.data?.status === 'INITIATED' ? 2000 : false),
  });

export const useReassignment = (id: number) => useQuery(getReassignmentQueryOptions(id));

export function useReassignDevice(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) => reassignDevice(id, userId),
    onSuccess: (status) => queryClient.setQueryData(getReassignmentQueryOptions(id).queryKey, status),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['devices'] }),
  });
}
