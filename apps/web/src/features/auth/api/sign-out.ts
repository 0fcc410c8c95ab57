import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const signOut = () => api.logout();

/** Signs out; answers where the browser goes next when the provider's session must end too (else null). */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await signOut()).redirectTo,
    onSettled: () => {
      queryClient.clear();
    },
  });
}
