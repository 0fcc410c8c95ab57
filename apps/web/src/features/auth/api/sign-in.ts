import { sessionSchema, type LoginRequest } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
import { sessionQueryOptions } from '../../../lib/session.ts';

export const signIn = (credentials: LoginRequest) =>
  apiRequest('/session', sessionSchema, { method: 'POST', body: credentials });

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionQueryOptions().queryKey, session);
    },
  });
}
