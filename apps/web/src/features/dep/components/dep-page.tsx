import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { QueryStates } from '../../../components/ui/states.tsx';
import { formatBoolean } from '../../../lib/format.ts';
import { useDepProfiles } from '../api/get-dep-profiles.ts';
import { useDepServers } from '../api/get-dep-servers.ts';

function Profiles({ serverId }: { serverId: number }) {
  const profiles = useDepProfiles(serverId);
  if (!profiles.isSuccess || profiles.data.profiles.length === 0)
    return (
      <QueryStates
        query={profiles}
        loading="Loading profiles…"
        empty={profiles.data?.profiles.length === 0 && 'No profile on this server.'}
      />
    );
  return (
    <PlainTable caption="Profiles" headers={['Profile', 'Supervised', 'Mandatory', 'Default', 'Devices']}>
      {profiles.data.profiles.map((profile) => (
        <tr key={profile.id}>
          <td>{profile.name ?? `Profile ${profile.id}`}</td>
          <td>{formatBoolean(profile.supervised)}</td>
          <td>{formatBoolean(profile.mandatory)}</td>
          <td>{formatBoolean(profile.isDefault)}</td>
          <td>{profile.devices ?? '—'}</td>
        </tr>
      ))}
    </PlainTable>
  );
}

export function DepPage() {
  const servers = useDepServers();
  return (
    <div className="dep">
      <h1>Apple DEP</h1>
      <QueryStates
        query={servers}
        loading="Loading DEP servers…"
        empty={servers.data?.servers.length === 0 && 'No DEP server is connected to this tenant.'}
      />
      {servers.data?.servers.map((server) => (
        <section key={server.id} className="detail-section" aria-labelledby={`dep-${server.id}`}>
          <h2 id={`dep-${server.id}`}>{server.name ?? `Server ${server.id}`}</h2>
          <Profiles serverId={server.id} />
        </section>
      ))}
    </div>
  );
}
