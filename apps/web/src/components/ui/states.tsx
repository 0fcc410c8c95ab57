import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/api-client.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status">
      {label}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A query's loading and error (with Retry) states, and `empty` once it answered with nothing to show. */
export function QueryStates({ query, loading, empty }: { query: QueryLike; loading: string; empty?: ReactNode }) {
  return (
    <>
      {query.isPending ? <Loading label={loading} /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && empty ? <Empty>{empty}</Empty> : null}
    </>
  );
}
