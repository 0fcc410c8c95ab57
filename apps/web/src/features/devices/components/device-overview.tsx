import type { ReactNode } from 'react';
import { formatBoolean, formatDateTime, humanize, platformName } from '../../../lib/format.ts';
import { ComplianceBadge } from '../../../components/ui/badges.tsx';
import { LocationPlot } from './location-plot.tsx';

type Device = Record<string, unknown>;

const str = (value: unknown): string =>
  value === null || value === undefined || value === ''
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

function Section({ title, rows }: { title: string; rows: [string, ReactNode][] }) {
  return (
    <section className="detail-section">
      <h3>{title}</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function groupNames(device: Device): string[] {
  const groups = device.groups;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group: unknown) =>
    typeof group === 'object' && group !== null && 'name' in group && typeof group.name === 'string'
      ? [group.name]
      : [],
  );
}

export function DeviceOverview({ device }: { device: Device }) {
  const total = num(device.totalCapacity);
  const available = num(device.availableCapacity);
  const latitude = num(device.latitude);
  const longitude = num(device.longitude);
  const groups = groupNames(device);
  return (
    <div className="overview-grid">
      <Section
        title="Identity"
        rows={[
          ['Name', str(device.deviceName)],
          ['ID', str(device.id)],
          ['GUID', <code key="guid">{str(device.guid)}</code>],
          ['Serial number', str(device.serialNumber)],
          ['IMEI', str(device.imei)],
          ['UDID', str(device.udid)],
          ['Space', str(device.dmPartitionName)],
        ]}
      />
      <Section
        title="Owner"
        rows={[
          ['User', str(device.displayName)],
          ['Email', str(device.emailAddress)],
          ['UID', str(device.uid)],
          ['Ownership', humanize(typeof device.ownershipType === 'string' ? device.ownershipType : null)],
        ]}
      />
      <Section
        title="Hardware and storage"
        rows={[
          ['Model', str(device.prettyModel ?? device.deviceModel)],
          ['Manufacturer', str(device.manufacturer)],
          // The vendor reports capacities in GB.
          [
            'Storage',
            total === null
              ? '—'
              : `${available === null ? '?' : available.toFixed(1)} GB free of ${total.toFixed(1)} GB`,
          ],
        ]}
      />
      <Section
        title="Operating system"
        rows={[
          ['Platform', platformName(typeof device.platformType === 'string' ? device.platformType : null)],
          ['Version', str(device.platformVersion)],
          ['Build', str(device.osBuildVersion)],
          ['Security patch', str(device.androidSecurityPatchLevel)],
          ['Client version', str(device.clientVersion)],
        ]}
      />
      <Section
        title="Network and carriers"
        rows={[
          ['Phone number', str(device.phoneNumber)],
          ['Wi-Fi MAC', str(device.wifiMacAddress)],
          ['Home carrier', str(device.subscriberCarrierNetwork)],
          ['Current carrier', str(device.currentCarrierNetwork)],
          ['Roaming', formatBoolean(bool(device.roaming))],
        ]}
      />
      <Section
        title="Security and compliance"
        rows={[
          ['Compliance', <ComplianceBadge key="c" compliant={bool(device.complianceState)} />],
          ['Policy violations', str(device.policyViolationCount)],
          ['Registration', humanize(typeof device.registrationState === 'string' ? device.registrationState : null)],
          ['Registered', formatDateTime(num(device.lastRegistrationTime))],
          ['Last check-in', formatDateTime(num(device.lastCheckin))],
          ['Supervised', formatBoolean(bool(device.supervised))],
          ['Jailbroken / rooted', formatBoolean(bool(device.jailbroken))],
          ['Passcode compliant', formatBoolean(bool(device.passcodeCompliant))],
          ['Lost mode', formatBoolean(bool(device.lostModeEnabled))],
          ['Kiosk', humanize(typeof device.kioskState === 'string' ? device.kioskState : null)],
        ]}
      />
      <section className="detail-section">
        <h3>Groups</h3>
        {groups.length === 0 ? (
          <p className="muted">In no group.</p>
        ) : (
          <ul className="tag-list">
            {groups.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-section">
        <h3>Location</h3>
        {latitude !== null && longitude !== null ? (
          <LocationPlot latitude={latitude} longitude={longitude} capturedAt={num(device.locationLastCapturedAt)} />
        ) : (
          <p className="muted">No location reported.</p>
        )}
      </section>
    </div>
  );
}
