import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { SPACE_SCOPED } from '../../../lib/query-keys.ts';
import { sessionQueryOptions } from '../../auth/public.ts';

export const chooseSpace = (spaceId: number) => api.chooseSpace({ body: { spaceId } });

export function useChooseSpace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: chooseSpace,
    onSuccess: async ({ spaceId }) => {
      queryClient.setQueryData(sessionQueryOptions().queryKey, (session) =>
        session ? { ...session, spaceId } : session,
      );
      // The role, and so what may be done, can differ from space to space.
      void queryClient.invalidateQueries({ queryKey: sessionQueryOptions().queryKey });
      // Every answer about devices depends on the space.
      await Promise.all(SPACE_SCOPED.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}
