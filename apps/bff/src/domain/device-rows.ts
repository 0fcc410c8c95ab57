import type { DeviceRow } from '@mdm-console/contract';
import type { Device } from '@mdm-console/mdm-api';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A vendor device as the table shows it. */
export function toDeviceRow(device: Device): DeviceRow {
  const attrs = device.customAttributes?.attrs ?? {};
  return {
    id: device.id,
    guid: device.guid ?? null,
    deviceName: device.deviceName ?? null,
    platformType: device.platformType ?? null,
    platformVersion: device.platformVersion ?? null,
    osBuildVersion: device.osBuildVersion ?? null,
    prettyModel: device.prettyModel ?? null,
    manufacturer: device.manufacturer ?? null,
    serialNumber: device.serialNumber ?? null,
    imei: device.imei ?? null,
    phoneNumber: device.phoneNumber ?? null,
    registrationState: device.registrationState ?? null,
    complianceState: device.complianceState ?? null,
    policyViolationCount: device.policyViolationCount ?? null,
    ownershipType: device.ownershipType ?? null,
    displayName: device.displayName ?? null,
    emailAddress: device.emailAddress ?? null,
    ownerId: device.ownerId ?? null,
    lastCheckin: device.lastCheckin ?? null,
    lastRegistrationTime: device.lastRegistrationTime ?? null,
    supervised: device.supervised ?? null,
    jailbroken: device.jailbroken ?? null,
    lostModeEnabled: device.lostModeEnabled ?? null,
    kioskState: str(device.kioskState)?.toUpperCase() ?? null,
    subscriberCarrierNetwork: device.subscriberCarrierNetwork ?? null,
    dmPartitionId: device.dmPartitionId ?? null,
    customAttributes: Object.fromEntries(
      Object.entries(attrs).map(([name, values]) => [name, (values ?? []).filter((v): v is string => v !== null)]),
    ),
  };
}
