import {
  IMPORT_CATEGORIES,
  type ImportCategory,
  type ImportChangeKind,
  type ImportEntry,
  type ImportSummary,
} from '@mdm-console/contract';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ActionDialog, type ActionRequest } from '../../jobs/public.ts';
import { downloadImportPreview, useImportEntries } from '../api/imports.ts';
import { KeysetPager, useKeysetPages } from '../../../components/ui/keyset-pager.tsx';
import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { ErrorState } from '../../../components/ui/states.tsx';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { formatCount, formatDateTime } from '../../../lib/format.ts';

const CATEGORY_LABELS: Record<ImportCategory, string> = {
  change: 'Changes',
  unchanged: 'Unchanged',
  unmatched: 'No device',
  ambiguous: 'Several devices',
  duplicate: 'Repeated in the file',
  invalid: 'Invalid',
};

const APPLY: Record<ImportChangeKind, { action: 'setAttributes' | 'assignOwners'; label: (n: string) => string }> = {
  attributes: { action: 'setAttributes', label: (n) => `Set custom attributes on ${n} devices` },
  owner: { action: 'assignOwners', label: (n) => `Assign owners to ${n} devices` },
};

function EntryResult({ entry }: { entry: ImportEntry }) {
  if (entry.changes.length === 0) return <>{entry.message ?? ''}</>;
  return (
    <ul className="plain-list">
      {entry.changes.map((change) => (
        <li key={change.field}>
          <code>{change.field}</code>: {change.from ?? '(none)'} → <strong>{change.to}</strong>
        </li>
      ))}
    </ul>
  );
}

/** What a file will change, category by category, page by page; each kind of change is applied as one job. */
export function ImportPreview({ summary }: { summary: ImportSummary }) {
  const [category, setCategory] = useState<ImportCategory | undefined>(undefined);
  const pages = useKeysetPages();
  const entries = useImportEntries(summary.id, category, pages.current);
  const [apply, setApply] = useState<ActionRequest | null>(null);
  // Judged when the preview is shown; the BFF refuses a stale one anyway.
  const [shownAt] = useState(() => Date.now());
  const expired = Date.parse(summary.expiresAt) < shownAt;
  const choose = (next: ImportCategory | undefined) => {
    setCategory(next);
    pages.reset();
  };

  return (
    <div className="import-preview">
      <p>
        <strong>{summary.fileName}</strong>: {formatCount(summary.rows)} rows read,{' '}
        {formatCount(summary.matchedDevices)} devices matched by <code>{summary.key}</code>. Previewed{' '}
        {formatDateTime(Date.parse(summary.createdAt))} by {summary.createdBy}.
      </p>
      <section aria-labelledby="apply-heading" className="import-apply">
        <h2 id="apply-heading">Apply</h2>
        {expired ? (
          <p role="status">This preview is more than a day old: upload the file again to apply it.</p>
        ) : summary.devicesToChange.attributes + summary.devicesToChange.owner === 0 ? (
          <p role="status">Nothing to apply: every matched device already has the values of the file.</p>
        ) : (
          <div className="job-commands">
            {(['attributes', 'owner'] as const)
              .filter((kind) => summary.devicesToChange[kind] > 0)
              .map((kind) => {
                const count = formatCount(summary.devicesToChange[kind]);
                return (
                  <button
                    key={kind}
                    type="button"
                    className="primary"
                    onClick={() =>
                      setApply({
                        action: APPLY[kind].action,
                        target: { import: summary.id },
                        params: { import: summary.id },
                        targetLabel: `${count} devices of ${summary.fileName}`,
                      })
                    }
                  >
                    {APPLY[kind].label(count)}…
                  </button>
                );
              })}
          </div>
        )}
      </section>
      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Preview</h2>
        <div className="toolbar" role="group" aria-label="Show entries">
          <button type="button" aria-pressed={category === undefined} onClick={() => choose(undefined)}>
            All
          </button>
          {IMPORT_CATEGORIES.map((value) => (
            <button key={value} type="button" aria-pressed={category === value} onClick={() => choose(value)}>
              {CATEGORY_LABELS[value]} ({formatCount(summary.counts[value])})
            </button>
          ))}
          <button
            type="button"
            onClick={() =>
              void downloadImportPreview(summary.id).catch((error: unknown) => toast('error', errorMessage(error)))
            }
          >
            Download preview (CSV)
          </button>
        </div>
        {entries.isError ? <ErrorState error={entries.error} onRetry={() => void entries.refetch()} /> : null}
        {entries.data ? (
          <PlainTable
            caption="What the file changes, row by row"
            headers={['Line', 'Key', 'Device', 'Result', 'Details']}
          >
            {entries.data.entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.row}</td>
                <td>{entry.key}</td>
                <td>
                  {entry.deviceId === null ? (
                    ''
                  ) : (
                    <Link to="/devices" search={{ device: entry.deviceId }}>
                      {entry.deviceName ?? `Device ${String(entry.deviceId)}`}
                    </Link>
                  )}
                </td>
                <td>{CATEGORY_LABELS[entry.category]}</td>
                <td className="small">
                  <EntryResult entry={entry} />
                </td>
              </tr>
            ))}
          </PlainTable>
        ) : null}
        <KeysetPager pages={pages} nextKey={entries.data?.nextAfter} what="entries" />
      </section>
      {apply ? <ActionDialog request={apply} onClose={() => setApply(null)} /> : null}
    </div>
  );
}
