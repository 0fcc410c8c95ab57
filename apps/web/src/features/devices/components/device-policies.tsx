import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { humanize } from '../../../lib/format.ts';
import { useDevicePolicies } from '../api/get-device-policies.ts';
import { useSyncCompliance, type ComplianceVendor } from '../api/sync-compliance.ts';
import { ComplianceBadge } from '../../../components/ui/badges.tsx';

const VENDORS: Record<ComplianceVendor, string> = { Intune: 'Microsoft Intune', GoogleBC: 'Google BeyondCorp' };

export function DevicePolicies({ id, mayEdit }: { id: number; mayEdit: boolean }) {
  const policies = useDevicePolicies(id);
  const sync = useSyncCompliance(id);
  const [vendor, setVendor] = useState<ComplianceVendor | null>(null);
  return (
    <>
      {mayEdit ? (
        <div className="button-row">
          {(Object.keys(VENDORS) as ComplianceVendor[]).map((key) => (
            <button key={key} type="button" onClick={() => setVendor(key)}>
              Sync compliance to {VENDORS[key]}
            </button>
          ))}
        </div>
      ) : null}
      {policies.isPending ? <Loading label="Loading policies…" /> : null}
      {policies.isError ? <ErrorState error={policies.error} onRetry={() => void policies.refetch()} /> : null}
      {policies.data && policies.data.policies.length === 0 ? (
        <p className="muted">No policy applies to this device.</p>
      ) : null}
      {policies.data && policies.data.policies.length > 0 ? (
        <PlainTable caption="Policies" headers={['Policy', 'Rule', 'State']}>
          {policies.data.policies.map((policy) => (
            <tr key={policy.id}>
              <td>{policy.name ?? `Policy ${policy.id}`}</td>
              <td>{humanize(policy.ruleType)}</td>
              <td>
                <ComplianceBadge compliant={policy.compliant} />
              </td>
            </tr>
          ))}
        </PlainTable>
      ) : null}
      <ConfirmDialog
        open={vendor !== null}
        title={vendor ? `Sync compliance to ${VENDORS[vendor]}?` : ''}
        confirmLabel="Sync"
        busy={sync.isPending}
        onCancel={() => setVendor(null)}
        onConfirm={() => {
          if (!vendor) return;
          sync.mutate(vendor, {
            onSuccess: () => toast('success', `Compliance sync to ${VENDORS[vendor]} requested.`),
            onError: (error) => toast('error', errorMessage(error)),
            onSettled: () => setVendor(null),
          });
        }}
      >
        <p>The device's compliance state is sent to {vendor ? VENDORS[vendor] : ''} now instead of at the next sync.</p>
      </ConfirmDialog>
    </>
  );
}
