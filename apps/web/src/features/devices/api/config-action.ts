import { okSchema } from '@mdm-console/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.ts';
import { getDeviceConfigsQueryOptions } from './get-device-configs.ts';

export type ConfigAction = 'exclude' | 'push-back' | 'reinstall';

export const runConfigAction = (id: number, action: ConfigAction, configIds: number[]) =>
  apiRequest(`/devices/${id}/configs/${action}`, okSchema, { method: 'POST', body: { configIds } });

export function useConfigAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, configIds }: { action: ConfigAction; configIds: number[] }) =>
      runConfigAction(id, action, configIds),
    onSettled: () => queryClient.invalidateQueries({ queryKey: getDeviceConfigsQueryOptions(id).queryKey }),
  });
}
