import type { CreateViewBody, SavedView, UpdateViewBody } from '@mdm-console/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-keys.ts';

export const viewsQueryOptions = () =>
  queryOptions({
    queryKey: [...queryRoots.views, 'list'],
    queryFn: ({ signal }) => api.listViews({ signal }),
    staleTime: 30_000,
  });

/** The user's views and those shared with them, with their counts. */
export const useViews = () => useQuery(viewsQueryOptions());

function useViewsMutation<T>(call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryRoots.views }),
  });
}

export const useCreateView = () =>
  useViewsMutation((body: CreateViewBody): Promise<SavedView> => api.createView({ body }));

export const useUpdateView = () =>
  useViewsMutation(({ id, body }: { id: string; body: UpdateViewBody }) => api.updateView({ params: { id }, body }));

export const useDeleteView = () => useViewsMutation((id: string) => api.deleteView({ params: { id } }));
