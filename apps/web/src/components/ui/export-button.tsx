import { useRef, useState } from 'react';
import { errorMessage } from '../../lib/api-client.ts';
import { saveFile } from '../../lib/csv-download.ts';
import { formatCount } from '../../lib/format.ts';
import { toast } from './toaster.tsx';

type Run = (options: {
  signal: AbortSignal;
  onProgress: (rows: number, total: number | null) => void;
}) => Promise<Blob>;

/** "Export CSV": streams the file with its progress (rows written of the total) and a Cancel that stops it. */
export function ExportButton({ run, fileName, what }: { run: Run; fileName: string; what: string }) {
  const [progress, setProgress] = useState<{ rows: number; total: number | null } | null>(null);
  const controller = useRef<AbortController | null>(null);

  const start = () => {
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ rows: 0, total: null });
    run({ signal: abort.signal, onProgress: (rows, total) => setProgress({ rows, total }) })
      .then((blob) => {
        saveFile(blob, fileName);
        toast('success', `Exported ${what} to ${fileName}.`);
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) toast('info', 'Export cancelled.');
        else toast('error', errorMessage(error));
      })
      .finally(() => {
        controller.current = null;
        setProgress(null);
      });
  };

  if (progress === null)
    return (
      <button type="button" onClick={start}>
        Export CSV
      </button>
    );
  const label =
    progress.total === null
      ? 'Starting the export…'
      : `Exporting ${formatCount(progress.rows)} of ${formatCount(progress.total)} ${what}…`;
  return (
    <span className="export-progress">
      <progress
        aria-label="Export progress"
        max={progress.total ?? undefined}
        value={progress.total === null ? undefined : progress.rows}
      />
      <span role="status">{label}</span>
      <button type="button" onClick={() => controller.current?.abort()}>
        Cancel export
      </button>
    </span>
  );
}
