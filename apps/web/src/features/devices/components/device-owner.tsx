import { useState } from 'react';
import { ActionDialog } from '../../jobs/public.ts';

const STATUS_TEXT: Record<string, string> = {
  INITIATED: 'A reassignment is in progress.',
  SUCCESS: 'The last reassignment succeeded.',
  FAILED: 'The last reassignment failed.',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The owner, and reassignment through the same job as any bulk action (preflight, confirmation, audit, the device
 * followed to its final status): one path for every change of owner.
 */
export function DeviceOwner({
  id,
  name,
  device,
  mayEdit,
}: {
  id: number;
  name: string;
  device: Record<string, unknown>;
  mayEdit: boolean;
}) {
  const [reassigning, setReassigning] = useState(false);
  const owner = text(device.emailAddress);
  const status = text(device.lastReassignmentStatus);
  return (
    <div className="owner">
      <p>
        Current owner: <strong>{owner ?? 'nobody'}</strong>
      </p>
      {status !== null && status in STATUS_TEXT ? (
        <p className={status === 'FAILED' ? 'form-error' : 'muted'}>{STATUS_TEXT[status]}</p>
      ) : null}
      {mayEdit ? (
        <button type="button" className="primary" onClick={() => setReassigning(true)}>
          Reassign to another user…
        </button>
      ) : null}
      {reassigning ? (
        <ActionDialog
          request={{ action: 'reassign', target: { ids: [id] }, targetLabel: name }}
          onClose={() => setReassigning(false)}
        />
      ) : null}
    </div>
  );
}
