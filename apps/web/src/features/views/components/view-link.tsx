import type { SavedView } from '@mdm-console/contract';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** Opening a view is just a URL: the devices page with the view's query and columns. */
export function ViewLink({
  view,
  className,
  label,
  children,
}: {
  view: SavedView;
  className?: string;
  /** The accessible name, when the text alone does not say enough (it starts with the text). */
  label?: string;
  children: ReactNode;
}) {
  const { q, f, checkin, registered, fq, sort, order } = view.query;
  return (
    <Link
      to="/devices"
      search={{
        q,
        f,
        checkin,
        registered,
        fq,
        sort,
        order,
        cols: view.columns.length > 0 ? view.columns.join(',') : undefined,
      }}
      className={className}
      aria-label={label}
    >
      {children}
    </Link>
  );
}
