import type { Person } from '@mdm-console/contract';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { useReassignDevice, useReassignment } from '../api/reassign-device.ts';
import { UserPicker } from '../../../components/users/user-picker.tsx';

const STATUS_TEXT = {
  NONE: 'No reassignment has been made.',
  INITIATED: 'Reassignment in progress…',
  SUCCESS: 'The last reassignment succeeded.',
  FAILED: 'The last reassignment failed.',
} as const;

export function DeviceOwner({
  id,
  device,
  mayEdit,
}: {
  id: number;
  device: Record<string, unknown>;
  mayEdit: boolean;
}) {
  const reassignment = useReassignment(id);
  const reassign = useReassignDevice(id);
  const [chosen, setChosen] = useState<Person | null>(null);
  const [confirming, setConfirming] = useState(false);
  const status = reassignment.data?.status;
  const owner = reassignment.data?.ownerEmail ?? (typeof device.emailAddress === 'string' ? device.emailAddress : null);
  return (
    <div className="owner">
      <p>
        Current owner: <strong>{owner ?? 'nobody'}</strong>
      </p>
      {status ? (
        <p role="status" className={status === 'FAILED' ? 'form-error' : 'muted'}>
          {STATUS_TEXT[status]}
        </p>
      ) : null}
      {mayEdit ? (
        <>
          <h3>Reassign to another user</h3>
          <UserPicker chosen={chosen} onChoose={setChosen} />
          <button
            type="button"
            className="primary"
            disabled={!chosen || status === 'INITIATED'}
            onClick={() => setConfirming(true)}
          >
            Reassign
          </button>
        </>
      ) : null}
      <ConfirmDialog
        open={confirming && chosen !== null}
        title="Reassign this device?"
        confirmLabel="Reassign"
        busy={reassign.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (!chosen) return;
          reassign.mutate(chosen.id, {
            onSuccess: () =>
              toast('success', `Reassignment to ${chosen.email ?? chosen.displayName ?? chosen.id} started.`),
            onError: (error) => toast('error', errorMessage(error)),
            onSettled: () => setConfirming(false),
          });
        }}
      >
        <p>
          The device moves from {owner ?? 'nobody'} to{' '}
          <strong>
            {chosen?.displayName ?? ''} ({chosen?.email ?? chosen?.principal ?? ''})
          </strong>
          . Its user-based configurations change with it.
        </p>
      </ConfirmDialog>
    </div>
  );
}
