import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const signInOptionsQuery = () =>
  queryOptions({
    queryKey: ['sign-in-options'] as const,
    queryFn: ({ signal }) => api.signInOptions({ signal }),
    staleTime: Infinity,
  });

/** Whether the password form and the company's provider are offered (undefined while loading). */
export const useSignInOptions = () => useQuery(signInOptionsQuery());
