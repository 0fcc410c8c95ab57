import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { getDeviceConfigsQueryOptions } from './get-device-configs.ts';

export type ConfigAction = 'exclude' | 'push-back' | 'reinstall';

const ENDPOINTS = {
  exclude: api.excludeConfigs,
  'push-back': api.pushBackConfigs,
  reinstall: api.reinstallConfigs,
} as const;

export const runConfigAction = (id: number, action: ConfigAction, configIds: number[]) =>
  ENDPOINTS[action]({ params: { id }, body: { configIds } });

export function useConfigAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, configIds }: { action: ConfigAction; configIds: number[] }) =>
      runConfigAction(id, action, configIds),
    onSettled: () => queryClient.invalidateQueries({ queryKey: getDeviceConfigsQueryOptions(id).queryKey }),
  });
}
