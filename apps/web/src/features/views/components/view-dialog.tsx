import type { Role } from '@mdm-console/contract';
import { useState, type SubmitEvent } from 'react';
import { useModal } from '../../../components/ui/use-modal.ts';

export interface ViewSettings {
  name: string;
  shared: boolean;
  sharedWithRole: Role | null;
}

const AUDIENCES = {
  private: { label: 'Only me', shared: false, role: null },
  everyone: { label: 'Everyone who may browse devices', shared: true, role: null },
  helpdesk: { label: 'The helpdesk and administrators', shared: true, role: 'helpdesk' },
  admin: { label: 'Administrators only', shared: true, role: 'admin' },
} as const satisfies Record<string, { label: string; shared: boolean; role: Role | null }>;
type Audience = keyof typeof AUDIENCES;
const isAudience = (value: string): value is Audience => Object.hasOwn(AUDIENCES, value);

function audienceOf(settings: ViewSettings): Audience {
  if (!settings.shared) return 'private';
  return settings.sharedWithRole === 'helpdesk' || settings.sharedWithRole === 'admin'
    ? settings.sharedWithRole
    : 'everyone';
}

/** Names a view and says who sees it (to save the current view, or to change a saved one). */
export function ViewDialog({
  title,
  submitLabel,
  initial,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  initial: ViewSettings;
  busy: boolean;
  error: string | null;
  onSubmit: (settings: ViewSettings) => void;
  onCancel: () => void;
}) {
  const ref = useModal(true);
  const [name, setName] = useState(initial.name);
  const [audience, setAudience] = useState<Audience>(audienceOf(initial));
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = AUDIENCES[audience];
    onSubmit({ name: name.trim(), shared: chosen.shared, sharedWithRole: chosen.role });
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="view-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="view-dialog-title">{title}</h2>
        <div className="dialog-body">
          <label>
            Name
            <input value={name} maxLength={80} required autoFocus onChange={(event) => setName(event.target.value)} />
          </label>
          <label>
            Who sees it
            <select
              value={audience}
              onChange={(event) => {
                if (isAudience(event.target.value)) setAudience(event.target.value);
              }}
            >
              {Object.entries(AUDIENCES).map(([key, { label }]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {error === null ? null : (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
