import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDevicePoliciesQueryOptions } from './get-device-policies.ts';

export type ComplianceVendor = 'Intune' | 'GoogleBC';

export const syncCompliance = (id: number, vendor: ComplianceVendor) =>
  api.syncCompliance({ params: { id }, body: { vendor } });

export function useSyncCompliance(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vendor: ComplianceVendor) => syncCompliance(id, vendor),
    onSettled: () => queryClient.invalidateQueries({ queryKey: getDevicePoliciesQueryOptions(id).queryKey }),
  });
}
