import { PlainTable } from '../../../components/ui/plain-table.tsx';
import type { DeviceRow, LookupResult, Person } from '@mdm-console/contract';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type SubmitEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { ComplianceBadge, RelativeTime } from '../../../components/ui/badges.tsx';
import { formatBoolean, humanize, platformName } from '../../../lib/format.ts';
import { useLookupUser } from '../api/lookup-user.ts';
import { ActionsButton } from '../../jobs/public.ts';
import { useSession } from '../../auth/public.ts';

function DeviceList({ devices }: { devices: DeviceRow[] }) {
  const session = useSession();
  if (devices.length === 0) return <p className="muted">This user has no device.</p>;
  return (
    <PlainTable
      caption="Devices"
      headers={['Device', 'Model', 'OS', 'Last check-in', 'Compliance', 'Registration', 'Lost mode', 'Actions']}
    >
      {devices.map((device) => (
        <tr key={device.id}>
          <th scope="row">
            <Link to="/devices" search={{ device: device.id }}>
              {device.deviceName ?? `Device ${device.id}`}
            </Link>
          </th>
          <td>{device.prettyModel ?? '—'}</td>
          <td>
            {platformName(device.platformType)} {device.platformVersion ?? ''}
          </td>
          <td>
            <RelativeTime ms={device.lastCheckin} />
          </td>
          <td>
            <ComplianceBadge compliant={device.complianceState} />
          </td>
          <td>{humanize(device.registrationState)}</td>
          <td>{formatBoolean(device.lostModeEnabled)}</td>
          <td>
            <ActionsButton
              session={session}
              target={{ ids: [device.id] }}
              targetLabel={device.deviceName ?? `Device ${String(device.id)}`}
              label={`Actions for ${device.deviceName ?? `device ${String(device.id)}`}`}
            />
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}

const nameOf = (person: Person): string =>
  person.displayName ??
  ([person.firstName, person.lastName].filter(Boolean).join(' ') || person.email || String(person.id));

/** One action on every device of the person (resolved and frozen by the BFF when the action is checked). */
function PersonActions({ name, identifier, devices }: { name: string; identifier: string | null; devices: number }) {
  const session = useSession();
  if (identifier === null || devices === 0) return null;
  // The accessible name begins with the visible text, so that speech input finds the button by what it shows.
  const text = `Actions for all ${String(devices)} device${devices === 1 ? '' : 's'}`;
  return (
    <div className="person-actions">
      <ActionsButton
        session={session}
        target={{ user: identifier }}
        targetLabel={`all devices of ${name}`}
        label={`${text} of ${name}`}
        text={text}
      />
    </div>
  );
}

function Results({ result }: { result: LookupResult }) {
  if (result.people.length === 0) return <Empty>No user matches. Try the full email address or the UID.</Empty>;
  return (
    <>
      {result.truncated ? (
        <p className="muted">More users match; showing the first {result.people.length}. Type more to narrow.</p>
      ) : null}
      {result.people.map(({ person, devices }) => (
        <section
          key={person.id}
          className="person-card"
          aria-label={person.displayName ?? person.email ?? String(person.id)}
        >
          <h2>{nameOf(person)}</h2>
          <dl className="inline-dl">
            <div>
              <dt>Email</dt>
              <dd>{person.email ?? '—'}</dd>
            </div>
            <div>
              <dt>UID</dt>
              <dd>{person.principal ?? '—'}</dd>
            </div>
            <div>
              <dt>Source</dt>
              <dd>{humanize(person.source)}</dd>
            </div>
            <div>
              <dt>Account</dt>
              <dd>{person.enabled === false ? 'Disabled' : 'Enabled'}</dd>
            </div>
            <div>
              <dt>Devices</dt>
              <dd>{devices.length}</dd>
            </div>
          </dl>
          <PersonActions name={nameOf(person)} identifier={person.email ?? person.principal} devices={devices.length} />
          <DeviceList devices={devices} />
        </section>
      ))}
    </>
  );
}

function LookupForm({ q, onLookup }: { q: string; onLookup: (q: string) => void }) {
  const [text, setText] = useState(q);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onLookup(text.trim());
  };
  return (
    <form className="lookup-form" role="search" onSubmit={submit}>
      <input
        type="search"
        aria-label="Look up user"
        placeholder="Email, UID or name"
        data-page-search
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="primary">
        Look up
      </button>
    </form>
  );
}

export function HelpdeskPage() {
  const { q } = useSearch({ from: '/app/helpdesk' });
  const navigate = useNavigate({ from: '/helpdesk' });
  const lookup = useLookupUser(q);
  return (
    <div className="helpdesk">
      <h1>Helpdesk</h1>
      <LookupForm key={q} q={q} onLookup={(value) => void navigate({ search: { q: value } })} />
      {q === '' ? (
        <p className="muted">Type who is calling: their email, UID or name. You see them and every device they have.</p>
      ) : null}
      {q !== '' && lookup.isPending ? <Loading label="Looking up…" /> : null}
      {lookup.isError ? <ErrorState error={lookup.error} onRetry={() => void lookup.refetch()} /> : null}
      {lookup.data ? <Results result={lookup.data} /> : null}
    </div>
  );
}
