import {
  IMPORT_KEYS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_MEGABYTES,
  type ImportKey,
  type ImportSummary,
} from '@mdm-console/contract';
import { useId, useState } from 'react';
import { usePreviewImport } from '../api/imports.ts';

const KEY_LABELS: Record<ImportKey, string> = {
  serialNumber: 'Serial number (serialNumber)',
  imei: 'IMEI (imei)',
  guid: 'GUID (guid)',
  id: 'Device id (id)',
  email: 'Owner e-mail: all devices of the user (email)',
};

const NOT_UTF8 =
  'The file is not UTF-8 text. Save it as “CSV UTF-8” (in Excel: Save As → CSV UTF-8) and upload it again.';

/** The file's text, refused here already when it is too large or not UTF-8 (the BFF checks both again). */
async function textOf(file: File): Promise<string> {
  if (file.size > IMPORT_MAX_BYTES)
    throw new Error(
      `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; an import takes at most ${String(IMPORT_MAX_MEGABYTES)} MB.`,
    );
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(await file.arrayBuffer());
  } catch {
    throw new Error(NOT_UTF8);
  }
}

/** Choose a file and the column that identifies devices; the preview comes back before anything is sent. */
export function ImportUpload({ onPreview }: { onPreview: (summary: ImportSummary) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [key, setKey] = useState<ImportKey>('serialNumber');
  const [readError, setReadError] = useState<string | null>(null);
  const preview = usePreviewImport();
  const helpId = useId();
  const error = readError ?? (preview.error ? preview.error.message : null);

  const submit = async () => {
    setReadError(null);
    if (!file) return;
    let csv: string;
    try {
      csv = await textOf(file);
    } catch (reason) {
      setReadError(reason instanceof Error ? reason.message : NOT_UTF8);
      return;
    }
    preview.mutate({ csv, key, fileName: file.name }, { onSuccess: onPreview });
  };

  return (
    <form
      className="import-upload"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div id={helpId} className="muted">
        <p>
          The first row names the columns: the one that identifies each device, then what to change —{' '}
          <code>attr:&lt;name&gt;</code> for a custom attribute (<code>attr:&lt;name&gt;_#</code> for a number), and{' '}
          <code>owner</code> (an e-mail or UID) to reassign. An empty cell leaves the value as it is. Separators{' '}
          <code>,</code> and <code>;</code> are both read; several values go in one cell separated by <code>;</code>.
        </p>
        <p>Nothing is sent to any device until you apply the preview and confirm its jobs.</p>
      </div>
      <label>
        CSV file
        <input
          type="file"
          accept=".csv,text/csv"
          aria-describedby={helpId}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Devices are identified by
        <select value={key} onChange={(event) => setKey(IMPORT_KEYS.find((k) => k === event.target.value) ?? 'id')}>
          {IMPORT_KEYS.map((value) => (
            <option key={value} value={value}>
              {KEY_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={!file || preview.isPending}>
        {preview.isPending ? 'Reading the file…' : 'Preview'}
      </button>
    </form>
  );
}
