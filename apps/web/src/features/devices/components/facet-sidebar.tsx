import { FACET_KEYS, TIME_WINDOWS, type DeviceSearchResult, type FacetKey } from '@mdm-console/contract';
import { memo, type ReactNode, useState } from 'react';
import { formatCount } from '../../../lib/format.ts';
import { usePaintedOnce } from '../../../lib/use-painted-once.ts';
import { FACET_LABELS, TIME_WINDOW_LABELS, facetValueLabel } from './facet-labels.ts';

type TimeWindow = (typeof TIME_WINDOWS)[number];

interface FacetSidebarProps {
  facets: DeviceSearchResult['facets'] | undefined;
  selected: readonly string[];
  checkin: TimeWindow | undefined;
  registered: TimeWindow | undefined;
  onToggle: (filter: string) => void;
  onWindow: (key: 'checkin' | 'registered', value: TimeWindow | undefined) => void;
  /** Shown above the filters, in the same scrolling column (the saved views). */
  above?: ReactNode;
}

const SHOWN = 8;

function FacetGroup({
  facet,
  values,
  selected,
  onToggle,
}: {
  facet: FacetKey;
  values: { value: string; count: number }[];
  selected: readonly string[];
  onToggle: (filter: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  // Selected values stay listed even with no device left, so they can be unticked.
  const chosen = selected
    .filter((filter) => filter.startsWith(`${facet}:`))
    .map((filter) => filter.slice(facet.length + 1));
  const listed = [...values];
  for (const value of chosen) if (!listed.some((item) => item.value === value)) listed.push({ value, count: 0 });
  if (listed.length === 0) return null;
  const visible = expanded ? listed : listed.slice(0, SHOWN);
  return (
    <fieldset className="facet">
      <legend>{FACET_LABELS[facet]}</legend>
      <ul>
        {visible.map(({ value, count }) => {
          const filter = `${facet}:${value}`;
          return (
            <li key={value}>
              <label>
                <input type="checkbox" checked={chosen.includes(value)} onChange={() => onToggle(filter)} />
                <span className="facet-value">{facetValueLabel(facet, value)}</span>
                <span className="facet-count">{formatCount(count)}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {listed.length > SHOWN ? (
        <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${listed.length} ${FACET_LABELS[facet].toLowerCase()} values`}
        </button>
      ) : null}
    </fieldset>
  );
}

function WindowGroup({
  name,
  label,
  value,
  onChange,
}: {
  name: 'checkin' | 'registered';
  label: string;
  value: TimeWindow | undefined;
  onChange: (value: TimeWindow | undefined) => void;
}) {
  return (
    <fieldset className="facet">
      <legend>{label}</legend>
      <ul>
        <li>
          <label>
            <input type="radio" name={name} checked={value === undefined} onChange={() => onChange(undefined)} />
            Any time
          </label>
        </li>
        {TIME_WINDOWS.map((window) => (
          <li key={window}>
            <label>
              <input type="radio" name={name} checked={value === window} onChange={() => onChange(window)} />
              {TIME_WINDOW_LABELS[window]}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * Counts per value; values of one facet are ORed, facets ANDed; counts follow the other filters.
 * The filters render a frame after the page: they hold nearly half of its elements, and the first rows, which the page is
 * opened for, are painted without waiting for them.
 */
export const FacetSidebar = memo(function FacetSidebar(props: FacetSidebarProps) {
  const painted = usePaintedOnce();
  return (
    <aside className="facet-sidebar" aria-label="Filters">
      {props.above}
      <h2 className="sidebar-title">Filters</h2>
      {painted ? <Filters {...props} /> : null}
    </aside>
  );
});

function Filters({ facets, selected, checkin, registered, onToggle, onWindow }: FacetSidebarProps) {
  return (
    <>
      <WindowGroup
        name="checkin"
        label="Last check-in"
        value={checkin}
        onChange={(value) => onWindow('checkin', value)}
      />
      <WindowGroup
        name="registered"
        label="Registered"
        value={registered}
        onChange={(value) => onWindow('registered', value)}
      />
      {/* The counted facets come last: they fill in when counts arrive, and nothing below them moves. */}
      {facets === undefined ? <p className="muted">Loading counts…</p> : null}
      {FACET_KEYS.map((facet) => (
        <FacetGroup key={facet} facet={facet} values={facets?.[facet] ?? []} selected={selected} onToggle={onToggle} />
      ))}
    </>
  );
}
