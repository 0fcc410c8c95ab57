import { jobRequestSchema, type JobAction, type JobParams, type Person } from '@mdm-console/contract';
import { useId, useState, type SubmitEvent, type ReactNode } from 'react';
import { UserPicker } from './user-picker.tsx';

type Values = Record<string, string | boolean>;

/** Actions that take parameters; the others go straight to the preflight. */
export const actionHasForm = (action: JobAction): boolean =>
  ['unlock', 'message', 'enableLostMode', 'scheduleOSUpdate', 'wipe', 'reassign'].includes(action);

function paramsOf(action: JobAction, values: Values): Record<string, unknown> {
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const flag = (name: string) => values[name] === true;
  switch (action) {
    case 'unlock':
      return { pin: text('pin') };
    case 'message':
      return { message: text('message'), emailSubject: text('emailSubject'), emailBody: text('emailBody') };
    case 'enableLostMode':
      return { message: text('message'), phoneNumber: text('phoneNumber'), footnote: text('footnote') };
    case 'scheduleOSUpdate':
      return { version: text('version') };
    case 'reassign':
      return text('userId') === '' ? {} : { userId: Number(text('userId')) };
    case 'wipe':
      return {
        iosDisallowProximitySetup: flag('iosDisallowProximitySetup'),
        iosPreserveDataPlan: flag('iosPreserveDataPlan'),
        returnToServiceEnabled: flag('returnToServiceEnabled'),
        ...(flag('returnToServiceEnabled') && text('wifiPolicyId') !== ''
          ? { wifiPolicyId: Number(text('wifiPolicyId')) }
          : {}),
        message: text('message'),
      };
    default:
      return {};
  }
}

interface ActionFormProps {
  action: JobAction;
  submitLabel: string;
  onSubmit: (params: JobParams) => void;
  onCancel: () => void;
}

/** The action's parameters, checked in the browser with the same schema the BFF applies. */
export function ActionForm({ action, submitLabel, onSubmit, onCancel }: ActionFormProps) {
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [owner, setOwner] = useState<Person | null>(null);
  const id = useId();
  const set = (name: string, value: string | boolean) => setValues((previous) => ({ ...previous, [name]: value }));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = jobRequestSchema.safeParse({ action, params: paramsOf(action, values) });
    if (parsed.success) {
      setErrors({});
      onSubmit(parsed.data.params);
      return;
    }
    setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[1] ?? 'form'), issue.message])));
  };

  const field = (
    name: string,
    label: string,
    input: (props: { id: string; 'aria-describedby'?: string }) => ReactNode,
  ) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input({ id: `${id}-${name}`, ...(errors[name] ? { 'aria-describedby': `${id}-${name}-error` } : {}) })}
      {errors[name] ? (
        <p className="field-error" id={`${id}-${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  const textInput = (name: string, label: string, extra: { maxLength?: number; multiline?: boolean } = {}) =>
    field(name, label, (props) =>
      extra.multiline ? (
        <textarea {...props} rows={3} value={String(values[name] ?? '')} onChange={(e) => set(name, e.target.value)} />
      ) : (
        <input
          {...props}
          type="text"
          maxLength={extra.maxLength}
          value={String(values[name] ?? '')}
          onChange={(e) => set(name, e.target.value)}
        />
      ),
    );
  const checkbox = (name: string, label: string) => (
    <label className="checkbox-field">
      <input type="checkbox" checked={values[name] === true} onChange={(e) => set(name, e.target.checked)} /> {label}
    </label>
  );

  return (
    <form onSubmit={submit} noValidate>
      {action === 'unlock' ? textInput('pin', 'New PIN (Android: 6–8 letters and digits; leave empty for iOS)') : null}
      {action === 'message' ? (
        <>
          {textInput('message', 'Message', { multiline: true })}
          {textInput('emailSubject', 'Email subject (optional)')}
          {textInput('emailBody', 'Email body (optional)', { multiline: true })}
        </>
      ) : null}
      {action === 'enableLostMode' ? (
        <>
          {textInput('message', 'Message on the lock screen', { multiline: true })}
          {textInput('phoneNumber', 'Phone number to call')}
          {textInput('footnote', 'Footnote (up to 15 characters)', { maxLength: 15 })}
        </>
      ) : null}
      {action === 'scheduleOSUpdate' ? textInput('version', 'OS version (e.g. 17.6.1)') : null}
      {action === 'reassign' ? (
        <div className="form-field">
          <UserPicker
            chosen={owner}
            onChoose={(person) => {
              setOwner(person);
              set('userId', person ? String(person.id) : '');
            }}
          />
          {errors.userId ? <p className="field-error">{errors.userId}</p> : null}
        </div>
      ) : null}
      {action === 'wipe' ? (
        <>
          {checkbox('iosDisallowProximitySetup', 'Disallow proximity setup (iOS 11.3 and later)')}
          {checkbox('iosPreserveDataPlan', 'Preserve the data plan (iOS 11 and later)')}
          {checkbox('returnToServiceEnabled', 'Return to service after the wipe')}
          {values.returnToServiceEnabled === true ? textInput('wifiPolicyId', 'Wi-Fi configuration id') : null}
          {textInput('message', 'Message on the device (optional)')}
        </>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
