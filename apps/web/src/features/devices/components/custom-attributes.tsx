import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { customAttributesSchema } from '@mdm-console/contract';
import { useState, type SubmitEvent } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { useCustomAttributes } from '../api/get-custom-attributes.ts';
import { useUpdateCustomAttributes, type AttributeChange } from '../api/update-custom-attributes.ts';

type Attributes = Record<string, string[]>;

const splitValues = (text: string): string[] =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** The same checks as the BFF (contract schema): names, lengths, numbers for `_#` names. */
function check(attrs: Attributes): string | null {
  const result = customAttributesSchema.safeParse(attrs);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid attributes');
}

function parseReplaceText(text: string): Attributes {
  const attrs: Attributes = {};
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (line.trim() === '') continue;
    const name = (equals < 0 ? line : line.slice(0, equals)).trim();
    attrs[name] = equals < 0 ? [] : splitValues(line.slice(equals + 1));
  }
  return attrs;
}

function AttributeForm({
  initialName,
  initialValues,
  onSave,
  onCancel,
  busy,
}: {
  initialName?: string;
  initialValues?: string[];
  onSave: (name: string, values: string[]) => string | null;
  onCancel?: () => void;
  busy: boolean;
}) {
  const [name, setName] = useState(initialName ?? '');
  const [values, setValues] = useState((initialValues ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const editing = initialName !== undefined;
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(onSave(name.trim(), splitValues(values)));
  };
  return (
    <form
      className="attribute-form"
      onSubmit={submit}
      aria-label={editing ? `Edit ${initialName}` : 'Add an attribute'}
    >
      {editing ? null : (
        <label>
          Attribute name
          <input value={name} required maxLength={128} onChange={(event) => setName(event.target.value)} />
        </label>
      )}
      <label>
        {editing ? `Values of ${initialName}` : 'Values'}
        <input
          value={values}
          inputMode={name.endsWith('_#') ? 'decimal' : 'text'}
          onChange={(event) => setValues(event.target.value)}
          aria-describedby="attribute-values-hint"
        />
      </label>
      <p id="attribute-values-hint" className="muted small">
        Separate several values with commas.{name.endsWith('_#') ? ' This attribute is numeric: numbers only.' : ''}
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {editing ? 'Save' : 'Add attribute'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function CustomAttributes({ id, mayEdit }: { id: number; mayEdit: boolean }) {
  const attributes = useCustomAttributes(id);
  const update = useUpdateCustomAttributes(id);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);

  const send = (change: AttributeChange, done: string) =>
    update.mutate(change, {
      onSuccess: () => toast('success', done),
      onError: (error) => toast('error', errorMessage(error)),
    });

  const merge = (name: string, values: string[]): string | null => {
    const attrs = { [name]: values };
    const problem = check(attrs);
    if (problem) return problem;
    send({ kind: 'merge', attrs }, `Saved ${name}.`);
    setEditing(null);
    return null;
  };

  if (attributes.isPending) return <Loading label="Loading custom attributes…" />;
  if (attributes.isError) return <ErrorState error={attributes.error} onRetry={() => void attributes.refetch()} />;
  const entries = Object.entries(attributes.data.attrs).sort(([a], [b]) => a.localeCompare(b));
  const replaceAttrs = replacing === null ? {} : parseReplaceText(replacing);
  const replaceProblem = replacing === null ? null : check(replaceAttrs);

  return (
    <div className="attributes">
      {entries.length === 0 ? (
        <p className="muted">This device has no custom attribute.</p>
      ) : (
        <PlainTable caption="Custom attributes" headers={['Name', 'Values', ...(mayEdit ? ['Actions'] : [])]}>
          {entries.map(([name, values]) => (
            <tr key={name}>
              <th scope="row">
                {name}
                {name.endsWith('_#') ? <span className="badge small">number</span> : null}
              </th>
              <td>
                {editing === name ? (
                  <AttributeForm
                    initialName={name}
                    initialValues={values}
                    busy={update.isPending}
                    onSave={merge}
                    onCancel={() => setEditing(null)}
                  />
                ) : values.length === 0 ? (
                  <span className="muted">(no value)</span>
                ) : (
                  values.join(', ')
                )}
              </td>
              {mayEdit ? (
                <td className="row-actions">
                  <button type="button" aria-label={`Edit ${name}`} onClick={() => setEditing(name)}>
                    Edit
                  </button>
                  <button type="button" aria-label={`Remove ${name}`} onClick={() => setRemoving(name)}>
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </PlainTable>
      )}
      {mayEdit ? (
        <>
          <h3>Add or update (merge)</h3>
          <p className="muted small">Merge changes only the attribute you name; the device keeps all the others.</p>
          <AttributeForm key={entries.length} busy={update.isPending} onSave={merge} />
          <h3>Replace all</h3>
          <p className="muted small">
            Replace all sets exactly the attributes you list, one <code>name = value, value</code> per line;{' '}
            <strong>every attribute not listed is deleted</strong>.
          </p>
          <button
            type="button"
            onClick={() => setReplacing(entries.map(([name, values]) => `${name} = ${values.join(', ')}`).join('\n'))}
          >
            Replace all attributes…
          </button>
        </>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ?? ''}?`}
        confirmLabel="Remove"
        destructive
        busy={update.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) send({ kind: 'remove', names: [removing] }, `Removed ${removing}.`);
          setRemoving(null);
        }}
      >
        <p>The attribute and all its values are deleted from this device.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={replacing !== null}
        title="Replace all custom attributes"
        confirmLabel="Replace all"
        destructive
        busy={update.isPending || replaceProblem !== null}
        onCancel={() => setReplacing(null)}
        onConfirm={() => {
          if (replaceProblem) return;
          const removed = entries.filter(([name]) => !(name in replaceAttrs)).length;
          send(
            { kind: 'replace', attrs: replaceAttrs },
            `Attributes replaced${removed > 0 ? `; ${removed} deleted` : ''}.`,
          );
          setReplacing(null);
        }}
      >
        <label>
          Attributes (one per line: name = values)
          <textarea rows={8} value={replacing ?? ''} onChange={(event) => setReplacing(event.target.value)} />
        </label>
        {replaceProblem ? (
          <p className="form-error" role="alert">
            {replaceProblem}
          </p>
        ) : (
          <p className="muted small">
            {Object.keys(replaceAttrs).length} attribute(s) will remain;{' '}
            {entries.filter(([name]) => !(name in replaceAttrs)).length} will be deleted.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
