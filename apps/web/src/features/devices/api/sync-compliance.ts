import { okSchema } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
import { getDevicePoliciesQueryOptions } from './get-device-policies.ts';

export type ComplianceVendor = 'Intune' | 'GoogleBC';

export const syncCompliance = (id: number, vendor: ComplianceVendor) =>
  apiRequest(`/devices/${id}/compliance-sync`, okSchema, { method: 'POST', body: { vendor } });

export function useSyncCompliance(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vendor: ComplianceVendor) => syncCompliance(id, vendor),
    onSettled: () => queryClient.invalidateQueries({ queryKey: getDevicePoliciesQueryOptions(id).queryKey }),
  });
}
