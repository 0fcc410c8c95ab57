import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getCustomAttributesQueryOptions } from './get-custom-attributes.ts';
import { deviceSearchesKey } from './search-devices.ts';

type Attributes = Record<string, string[]>;
export type AttributeChange =
  { kind: 'merge'; attrs: Attributes } | { kind: 'replace'; attrs: Attributes } | { kind: 'remove'; names: string[] };

export function updateCustomAttributes(id: number, change: AttributeChange) {
  const params = { id };
  if (change.kind === 'remove') return api.removeCustomAttributes({ params, body: { names: change.names } });
  const update = change.kind === 'merge' ? api.mergeCustomAttributes : api.replaceCustomAttributes;
  return update({ params, body: { attrs: change.attrs } });
}

function applyChange(current: Attributes, change: AttributeChange): Attributes {
  if (change.kind === 'replace') return change.attrs;
  if (change.kind === 'merge') return { ...current, ...change.attrs };
  return Object.fromEntries(Object.entries(current).filter(([name]) => !change.names.includes(name)));
}

/** Optimistic: the list changes at once and rolls back if the vendor refuses. Search results refresh after. */
export function useUpdateCustomAttributes(id: number) {
  const queryClient = useQueryClient();
  const { queryKey } = getCustomAttributesQueryOptions(id);
  return useMutation({
    mutationFn: (change: AttributeChange) => updateCustomAttributes(id, change),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData(queryKey);
      if (previous) queryClient.setQueryData(queryKey, { attrs: applyChange(previous.attrs, change) });
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(queryKey, context.previous);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, result);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: deviceSearchesKey });
    },
  });
}
