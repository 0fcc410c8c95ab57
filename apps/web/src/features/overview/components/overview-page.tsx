import { PinnedViews } from '../../views/public.ts';
import { Link } from '@tanstack/react-router';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatCount, humanize, platformName } from '../../../lib/format.ts';
import { useSession } from '../../auth/public.ts';
import { useFleetSummary } from '../api/get-fleet-summary.ts';

interface Bar {
  key: string;
  label: string;
  count: number;
  search: { f?: string[]; checkin?: 'older30d' | 'older90d' | '1h' | '24h' | '7d' | '30d' };
}

function BarChart({ title, bars, total }: { title: string; bars: Bar[]; total: number }) {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <section className="chart" aria-labelledby={`chart-${title}`}>
      <h2 id={`chart-${title}`}>{title}</h2>
      {bars.length === 0 ? <p className="muted">No data.</p> : null}
      <ul className="bars">
        {bars.map((bar) => (
          <li key={bar.key}>
            <Link to="/devices" search={bar.search} className="bar-link">
              <span className="bar-label">{bar.label}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${(bar.count / max) * 100}%` }} />
              </span>
              <span className="bar-value">
                {formatCount(bar.count)}
                <span className="visually-hidden"> devices</span>
                {total > 0 ? <span className="muted small"> ({Math.round((bar.count / total) * 100)}%)</span> : null}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

const CHECKIN_LABELS = {
  '1h': 'Within the last hour',
  '24h': 'Within 24 hours',
  '7d': 'Within 7 days',
  '30d': 'Within 30 days',
  older30d: 'Not for 30+ days',
  older90d: 'Not for 90+ days',
} as const;

export function OverviewPage() {
  const session = useSession();
  const summary = useFleetSummary(session?.spaceId ?? null);
  if (summary.isPending) return <Loading label="Counting the fleet…" />;
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const { facets, total, checkin } = summary.data;
  const facetBars = (facet: string, label: (value: string) => string, limit = 12): Bar[] =>
    (facets[facet] ?? []).slice(0, limit).map(({ value, count }) => ({
      key: value,
      label: label(value),
      count,
      search: { f: [`${facet}:${value}`] },
    }));
  return (
    <div className="overview">
      <h1>Overview</h1>
      <p className="lead">{formatCount(total)} devices in this space. Each bar opens the matching devices.</p>
      <PinnedViews />
      <div className="chart-grid">
        <BarChart title="Platforms" bars={facetBars('platform', platformName)} total={total} />
        <BarChart
          title="Compliance"
          bars={facetBars('compliance', (value) => (value === 'true' ? 'Compliant' : 'Not compliant'))}
          total={total}
        />
        <BarChart title="Registration states" bars={facetBars('registrationState', humanize)} total={total} />
        <BarChart title="OS versions" bars={facetBars('osBuild', (value) => value || '(none)')} total={total} />
        <BarChart
          title="Check-in recency"
          bars={checkin.map(({ window, count }) => ({
            key: window,
            label: CHECKIN_LABELS[window],
            count,
            search: { checkin: window },
          }))}
          total={total}
        />
      </div>
    </div>
  );
}
