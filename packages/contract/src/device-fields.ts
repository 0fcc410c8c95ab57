import type { DeviceRow } from './devices.ts';

/** The device fields a table column or an export may show, with their labels (the table's headers, the CSV's). */
export const DEVICE_FIELD_LABELS = {
  deviceName: 'Name',
  displayName: 'User',
  emailAddress: 'Email',
  platformType: 'Platform',
  platformVersion: 'OS version',
  osBuildVersion: 'OS build',
  prettyModel: 'Model',
  manufacturer: 'Manufacturer',
  serialNumber: 'Serial',
  imei: 'IMEI',
  phoneNumber: 'Phone',
  registrationState: 'Registration',
  complianceState: 'Compliance',
  policyViolationCount: 'Violations',
  ownershipType: 'Ownership',
  lastCheckin: 'Last check-in',
  lastRegistrationTime: 'Registered',
  supervised: 'Supervised',
  jailbroken: 'Jailbroken',
  lostModeEnabled: 'Lost mode',
  kioskState: 'Kiosk',
  subscriberCarrierNetwork: 'Carrier',
  id: 'ID',
  guid: 'GUID',
  ownerId: 'Owner ID',
  dmPartitionId: 'Space ID',
} as const satisfies Partial<Record<keyof DeviceRow, string>>;
export type DeviceField = keyof typeof DEVICE_FIELD_LABELS;

export const isDeviceField = (name: string): name is DeviceField => Object.hasOwn(DEVICE_FIELD_LABELS, name);
