import { memo } from 'react';
import type { TIME_WINDOWS } from '@mdm-console/contract';
import { FACET_LABELS, TIME_WINDOW_LABELS, facetValueLabel, splitFilter } from './facet-labels.ts';

type TimeWindow = (typeof TIME_WINDOWS)[number];

interface FilterChipsProps {
  q: string;
  filters: readonly string[];
  checkin: TimeWindow | undefined;
  registered: TimeWindow | undefined;
  fq: string | undefined;
  onRemoveFilter: (filter: string) => void;
  onClear: (patch: { q?: ''; checkin?: undefined; registered?: undefined; fq?: undefined }) => void;
  onClearAll: () => void;
}

function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <li className="chip">
      <span>{label}</span>
      <button type="button" className="chip-remove" aria-label={`Remove filter ${label}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/** The active filters, each removable, and "Clear all". */
export const FilterChips = memo(function FilterChips(props: FilterChipsProps) {
  const { q, filters, checkin, registered, fq } = props;
  const any = q !== '' || filters.length > 0 || checkin || registered || fq;
  if (!any) return null;
  return (
    <div className="chips">
      <ul aria-label="Active filters">
        {q !== '' ? <Chip label={`Text: ${q}`} onRemove={() => props.onClear({ q: '' })} /> : null}
        {filters.map((filter) => {
          const parts = splitFilter(filter);
          const label = parts ? `${FACET_LABELS[parts.facet]}: ${facetValueLabel(parts.facet, parts.value)}` : filter;
          return <Chip key={filter} label={label} onRemove={() => props.onRemoveFilter(filter)} />;
        })}
        {checkin ? (
          <Chip
            label={`Last check-in: ${TIME_WINDOW_LABELS[checkin]}`}
            onRemove={() => props.onClear({ checkin: undefined })}
          />
        ) : null}
        {registered ? (
          <Chip
            label={`Registered: ${TIME_WINDOW_LABELS[registered]}`}
            onRemove={() => props.onClear({ registered: undefined })}
          />
        ) : null}
        {fq ? <Chip label={`fq: ${fq}`} onRemove={() => props.onClear({ fq: undefined })} /> : null}
      </ul>
      <button type="button" className="link-button" onClick={props.onClearAll}>
        Clear all
      </button>
    </div>
  );
});
