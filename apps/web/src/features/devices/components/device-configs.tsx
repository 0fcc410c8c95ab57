import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { humanize } from '../../../lib/format.ts';
import { useConfigAction, type ConfigAction } from '../api/config-action.ts';
import { useDeviceConfigs } from '../api/get-device-configs.ts';

const ACTIONS: Record<ConfigAction, { label: string; explain: string }> = {
  exclude: {
    label: 'Exclude',
    explain: 'The configuration is removed from this device and stays off it until pushed back.',
  },
  'push-back': { label: 'Push back', explain: 'An excluded configuration is sent to this device again.' },
  reinstall: { label: 'Re-install', explain: 'The configuration is installed again on this device.' },
};

export function DeviceConfigs({ id, mayEdit }: { id: number; mayEdit: boolean }) {
  const configs = useDeviceConfigs(id);
  const action = useConfigAction(id);
  const [pending, setPending] = useState<{ action: ConfigAction; configId: number; name: string } | null>(null);
  if (configs.isPending) return <Loading label="Loading configurations…" />;
  if (configs.isError) return <ErrorState error={configs.error} onRetry={() => void configs.refetch()} />;
  if (configs.data.configs.length === 0) return <p className="muted">No configuration is assigned to this device.</p>;
  return (
    <>
      <PlainTable caption="Configurations" headers={['Name', 'Type', 'Status', ...(mayEdit ? ['Actions'] : [])]}>
        {configs.data.configs.map((config) => (
          <tr key={config.id}>
            <td>{config.name ?? `Configuration ${config.id}`}</td>
            <td>{humanize(config.type)}</td>
            <td>
              <span className={`badge status-${(config.status ?? '').toLowerCase()}`}>{humanize(config.status)}</span>
            </td>
            {mayEdit ? (
              <td className="row-actions">
                {(Object.keys(ACTIONS) as ConfigAction[]).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    aria-label={`${ACTIONS[kind].label} ${config.name ?? config.id}`}
                    onClick={() =>
                      setPending({ action: kind, configId: config.id, name: config.name ?? String(config.id) })
                    }
                  >
                    {ACTIONS[kind].label}
                  </button>
                ))}
              </td>
            ) : null}
          </tr>
        ))}
      </PlainTable>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `${ACTIONS[pending.action].label} "${pending.name}"?` : ''}
        confirmLabel={pending ? ACTIONS[pending.action].label : 'Confirm'}
        destructive={pending?.action === 'exclude'}
        busy={action.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          action.mutate(
            { action: pending.action, configIds: [pending.configId] },
            {
              onSuccess: () => toast('success', `${ACTIONS[pending.action].label}: sent for "${pending.name}".`),
              onError: (error) => toast('error', errorMessage(error)),
              onSettled: () => setPending(null),
            },
          );
        }}
      >
        <p>{pending ? ACTIONS[pending.action].explain : ''}</p>
      </ConfirmDialog>
    </>
  );
}
