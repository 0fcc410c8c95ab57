import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { OutcomeBadge } from '../../../components/ui/badges.tsx';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type SubmitEvent } from 'react';
import { QueryStates } from '../../../components/ui/states.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { exportAudit } from '../api/export-audit.ts';
import { ExportButton } from '../../../components/ui/export-button.tsx';
import { useAuditEvents } from '../api/get-audit-events.ts';
import { JobsSection } from '../../jobs/public.ts';

const targetIds = (targets: unknown): number[] =>
  Array.isArray(targets) ? targets.filter((item): item is number => typeof item === 'number') : [];

function summarize(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function ActivityPage() {
  const filters = useSearch({ from: '/app/activity' });
  const navigate = useNavigate({ from: '/activity' });
  const [words, setWords] = useState(filters.q ?? '');
  const [actor, setActor] = useState(filters.actor ?? '');
  const [action, setAction] = useState(filters.action ?? '');
  const [device, setDevice] = useState(filters.device ? String(filters.device) : '');
  const events = useAuditEvents(filters);
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const deviceId = Number(device);
    void navigate({
      search: {
        q: words.trim() || undefined,
        actor: actor.trim() || undefined,
        action: action.trim() || undefined,
        device: Number.isInteger(deviceId) && deviceId > 0 ? deviceId : undefined,
      },
    });
  };

  return (
    <div className="activity">
      <h1>Activity</h1>
      <JobsSection />
      <h2>Audit events</h2>
      <form className="filter-form" onSubmit={submit} aria-label="Filter activity">
        <label>
          Search
          <input
            type="search"
            value={words}
            placeholder="name, serial, id, e-mail, job…"
            onChange={(event) => setWords(event.target.value)}
          />
        </label>
        <label>
          Actor email
          <input type="search" value={actor} onChange={(event) => setActor(event.target.value)} />
        </label>
        <label>
          Action
          <input
            type="search"
            value={action}
            placeholder="e.g. device.attributes.merge"
            onChange={(event) => setAction(event.target.value)}
          />
        </label>
        <label>
          Device ID
          <input inputMode="numeric" value={device} onChange={(event) => setDevice(event.target.value)} />
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
        <ExportButton run={(options) => exportAudit(filters, options)} fileName="activity.csv" what="events" />
      </form>
      <QueryStates
        query={events}
        loading="Loading activity…"
        empty={rows.length === 0 && 'No event matches these filters.'}
      />
      {rows.length > 0 ? (
        <PlainTable
          caption="Audit events, newest first"
          headers={['Time', 'Actor', 'Action', 'Devices', 'Parameters', 'Outcome']}
        >
          {rows.map((event) => (
            <tr key={event.id}>
              <td>
                <time dateTime={event.at}>{formatDateTime(Date.parse(event.at))}</time>
              </td>
              <td>
                {event.actorEmail ?? 'system'} <span className="muted small">{event.role ?? ''}</span>
              </td>
              <td>
                <code>{event.action}</code>
              </td>
              <td>
                {targetIds(event.targets)
                  .slice(0, 5)
                  .map((id) => (
                    <Link key={id} to="/devices" search={{ device: id }} className="id-link">
                      {id}
                    </Link>
                  ))}
                {targetIds(event.targets).length > 5 ? ` +${targetIds(event.targets).length - 5}` : ''}
              </td>
              <td className="small">
                <code>{summarize(event.params)}</code>
              </td>
              <td>
                <OutcomeBadge outcome={event.outcome} />
              </td>
            </tr>
          ))}
        </PlainTable>
      ) : null}
      {events.hasNextPage ? (
        <button type="button" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {events.isFetchingNextPage ? 'Loading…' : 'Older events'}
        </button>
      ) : null}
    </div>
  );
}
