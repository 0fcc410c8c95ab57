import { OutcomeBadge } from '../../../components/ui/badges.tsx';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useDeviceActivity } from '../api/get-device-activity.ts';

export function DeviceActivity({ id, mayRead }: { id: number; mayRead: boolean }) {
  const activity = useDeviceActivity(id, mayRead);
  if (!mayRead) return <p className="muted">Your role cannot read the activity log.</p>;
  if (activity.isPending) return <Loading label="Loading activity…" />;
  if (activity.isError) return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  if (activity.data.events.length === 0)
    return <p className="muted">Nothing was done to this device through the console yet.</p>;
  return (
    <ol className="activity-list">
      {activity.data.events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.at}>{formatDateTime(Date.parse(event.at))}</time> <strong>{event.action}</strong> by{' '}
          {event.actorEmail ?? 'system'} ({event.role ?? '—'}): <OutcomeBadge outcome={event.outcome} />
        </li>
      ))}
    </ol>
  );
}
