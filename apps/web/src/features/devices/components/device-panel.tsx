import { ActionsButton } from '../../jobs/public.ts';
import type { Session } from '@mdm-console/contract';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { QueryStates } from '../../../components/ui/states.tsx';
import { can } from '../../../lib/session.ts';
import { useDevice } from '../api/get-device.ts';
import { DETAIL_TABS, type DetailTab } from '../search-params.ts';
import { DeviceActivity } from './device-activity.tsx';
import { DeviceCertificates } from './device-certificates.tsx';
import { DeviceConfigs } from './device-configs.tsx';
import { CustomAttributes } from './custom-attributes.tsx';
import { DeviceOverview } from './device-overview.tsx';
import { DeviceOwner } from './device-owner.tsx';
import { DevicePolicies } from './device-policies.tsx';

const TAB_LABELS: Record<DetailTab, string> = {
  overview: 'Overview',
  configs: 'Configurations',
  policies: 'Policies',
  certificates: 'Certificates',
  attributes: 'Custom attributes',
  owner: 'Owner',
  activity: 'Activity',
};

interface DevicePanelProps {
  id: number;
  tab: DetailTab;
  session: Session;
  onTab: (tab: DetailTab) => void;
  onClose: () => void;
}

/** A device's details beside the list: deep-linkable (?device=…&tab=…), closed with Escape. */
export function DevicePanel({ id, tab, session, onTab, onClose }: DevicePanelProps) {
  const device = useDevice(id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [id]);
  const deviceName = device.data?.device.deviceName;
  const name = typeof deviceName === 'string' && deviceName !== '' ? deviceName : `Device ${id}`;
  const mayEdit = can(session, 'devices:edit');

  const onTabKey = (event: KeyboardEvent) => {
    const index = DETAIL_TABS.indexOf(tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = DETAIL_TABS[(index + step + DETAIL_TABS.length) % DETAIL_TABS.length] ?? 'overview';
    onTab(next);
    document.getElementById(`device-tab-${next}`)?.focus();
  };

  return (
    <section
      className="device-panel"
      aria-labelledby="device-panel-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !(event.target as HTMLElement).closest('dialog')) onClose();
      }}
    >
      <header className="panel-header">
        <h2 id="device-panel-title" ref={heading} tabIndex={-1}>
          {name}
        </h2>
        <ActionsButton session={session} target={{ ids: [id] }} targetLabel={name} label={`Actions for ${name}`} />
        <button type="button" className="icon-button" aria-label="Close device details" onClick={onClose}>
          ×
        </button>
      </header>
      <div role="tablist" aria-label="Device details" className="tabs" onKeyDown={onTabKey}>
        {DETAIL_TABS.map((item) => (
          <button
            key={item}
            id={`device-tab-${item}`}
            type="button"
            role="tab"
            aria-selected={item === tab}
            aria-controls="device-tabpanel"
            tabIndex={item === tab ? 0 : -1}
            onClick={() => onTab(item)}
          >
            {TAB_LABELS[item]}
          </button>
        ))}
      </div>
      <div id="device-tabpanel" role="tabpanel" aria-labelledby={`device-tab-${tab}`} className="tabpanel" tabIndex={0}>
        <QueryStates query={device} loading="Loading the device…" />
        {device.data ? (
          <>
            {tab === 'overview' ? <DeviceOverview device={device.data.device} /> : null}
            {tab === 'configs' ? <DeviceConfigs id={id} mayEdit={mayEdit} /> : null}
            {tab === 'policies' ? <DevicePolicies id={id} mayEdit={mayEdit} /> : null}
            {tab === 'certificates' ? <DeviceCertificates id={id} /> : null}
            {tab === 'attributes' ? <CustomAttributes id={id} mayEdit={mayEdit} /> : null}
            {tab === 'owner' ? <DeviceOwner id={id} name={name} device={device.data.device} mayEdit={mayEdit} /> : null}
            {tab === 'activity' ? <DeviceActivity id={id} mayRead={can(session, 'audit:read')} /> : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
