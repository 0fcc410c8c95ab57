import { formatCount } from '../../../lib/format.ts';
import { useViews } from '../api/views.ts';
import { ViewLink } from './view-link.tsx';

/** The views the user pinned, as cards with their counts, each opening the table. */
export function PinnedViews() {
  const views = useViews();
  const pinned = views.data?.views.filter((view) => view.pinned) ?? [];
  if (pinned.length === 0) return null;
  return (
    <section className="pinned-views" aria-labelledby="pinned-views-title">
      <h2 id="pinned-views-title">Pinned views</h2>
      <ul className="view-cards">
        {pinned.map((view) => (
          <li key={view.id}>
            <ViewLink view={view} className="view-card">
              <span className="view-card-count">{view.count === null ? '—' : formatCount(view.count)}</span>
              <span className="view-card-name">{view.name}</span>
            </ViewLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
