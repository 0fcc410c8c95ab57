import { chosenSpaceSchema } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
import { sessionQueryOptions } from '../../../lib/session.ts';

export const chooseSpace = (spaceId: number) =>
  apiRequest('/me/space', chosenSpaceSchema, { method: 'PUT', body: { spaceId } });

export function useChooseSpace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: chooseSpace,
    onSuccess: async ({ spaceId }) => {
      queryClient.setQueryData(sessionQueryOptions().queryKey, (session) =>
        session ? { ...session, spaceId } : session,
      );
      // Every device answer depends on the space.
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== 'session' && query.queryKey[0] !== 'spaces',
      });
    },
  });
}
