import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useImport } from '../api/imports.ts';
import { ImportPreview } from './import-preview.tsx';
import { ImportUpload } from './import-upload.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';

/** Fix inventory from a spreadsheet: upload, preview (its own URL, so it can be reloaded or sent), apply. */
export function ImportPage() {
  const { id } = useSearch({ from: '/app/import' });
  const navigate = useNavigate({ from: '/import' });
  return (
    <div className="page import-page">
      <h1>Import from a spreadsheet</h1>
      {id === undefined ? (
        <ImportUpload onPreview={(summary) => void navigate({ search: { id: summary.id } })} />
      ) : (
        <>
          <p>
            <Link to="/import" search={{}}>
              ← Import another file
            </Link>
          </p>
          <SavedPreview id={id} />
        </>
      )}
    </div>
  );
}

function SavedPreview({ id }: { id: string }) {
  const query = useImport(id);
  if (query.isPending) return <Loading label="Loading the preview…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ImportPreview summary={query.data} />;
}
