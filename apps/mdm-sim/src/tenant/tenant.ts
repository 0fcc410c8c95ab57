import type { AttributeMap } from '@mdm-console/mdm-api';
import type { Dictionary } from './dictionary.ts';

/** Tri-state booleans in Uint8 columns. */
export const FALSE = 0;
export const TRUE = 1;
export const NULL = 2;

export const OWNERSHIP_TYPES = ['COMPANY', 'EMPLOYEE', 'UNKNOWN'] as const;
export const KIOSK_STATES = ['NOT_CONFIGURED', 'INACTIVE', 'ACTIVE'] as const;
/** Android management modes; 0 for other platforms. */
export const ANDROID_MODE = { NONE: 0, WORK_PROFILE: 1, FULLY_MANAGED: 2, COPE: 3, DEDICATED: 4 } as const;
export const REASSIGNMENT = { NONE: 0, INITIATED: 1, SUCCESS: 2, FAILED: 3 } as const;
export const NO_PATCH = 255;

export interface UserColumns {
  count: number;
  id: Int32Array;
  firstName: Uint16Array;
  lastName: Uint16Array;
  email: string[];
  /** Bit g set: the user is in group g of `Tenant.groups`. */
  groupMask: Uint32Array;
  department: Uint8Array;
  title: Uint8Array;
  country: Uint8Array;
  enabled: Uint8Array;
  ldap: Uint8Array;
  createdAt: Float64Array;
}

export interface DeviceColumns {
  count: number;
  platform: Uint8Array;
  model: Uint8Array;
  osVersion: Uint16Array;
  osBuild: Uint16Array;
  registrationState: Uint8Array;
  owner: Int32Array;
  /** First name (code) of the user the device was enrolled by: device names do not follow reassignment. */
  nameFirst: Uint16Array;
  lastCheckin: Float64Array;
  lastRegistration: Float64Array;
  violations: Uint8Array;
  supervised: Uint8Array;
  jailbroken: Uint8Array;
  lostMode: Uint8Array;
  roaming: Uint8Array;
  multiUser: Uint8Array;
  quarantined: Uint8Array;
  ownership: Uint8Array;
  homeCountry: Uint8Array;
  currentCountry: Uint8Array;
  /** 0: no SIM; otherwise 1 + index of the carrier in the home country's list. */
  carrier: Uint8Array;
  kiosk: Uint8Array;
  androidMode: Uint8Array;
  depEnrolled: Uint8Array;
  mamOnly: Uint8Array;
  partition: Uint8Array;
  patchLevel: Uint8Array;
  totalCapacity: Float32Array;
  availableCapacity: Float32Array;
  latitude: Float32Array;
  longitude: Float32Array;
  locationAt: Float64Array;
  reassignment: Uint8Array;
  reassignmentTarget: Int32Array;
  relinquishPending: Uint8Array;
  deleted: Uint8Array;
}

export type ColumnName = keyof Omit<DeviceColumns, 'count'>;

/** A configuration's status on one device, where it differs from the generated one. */
export type ConfigStatus = 'INSTALLED' | 'PENDING' | 'ERROR' | 'INACTIVE';

export const DEVICE_ID_BASE = 22001;
export const USER_ID_BASE = 10_540_001;

/** The whole simulated tenant: users, devices, and what the API has changed since generation. */
export class Tenant {
  readonly seed: number;
  /** "Now" at generation: every generated time is this minus an offset. */
  readonly anchor: number;
  readonly users: UserColumns;
  readonly devices: DeviceColumns;
  readonly groups: readonly string[];
  readonly osVersions: Dictionary;
  readonly osBuilds: Dictionary;
  readonly customAttributes: (AttributeMap | undefined)[];
  readonly configOverrides = new Map<number, Map<number, ConfigStatus>>();
  /** Bumped on every change, so that caches keyed on it never serve stale answers. */
  version = 0;
  /** Bumped on every change to one device, for caches of its documents. */
  readonly deviceStamp: Uint32Array;
  private readonly columnVersions = new Map<string, number>();

  constructor(init: {
    seed: number;
    anchor: number;
    users: UserColumns;
    devices: DeviceColumns;
    groups: readonly string[];
    osVersions: Dictionary;
    osBuilds: Dictionary;
    customAttributes: (AttributeMap | undefined)[];
  }) {
    this.seed = init.seed;
    this.anchor = init.anchor;
    this.users = init.users;
    this.devices = init.devices;
    this.groups = init.groups;
    this.osVersions = init.osVersions;
    this.osBuilds = init.osBuilds;
    this.customAttributes = init.customAttributes;
    this.deviceStamp = new Uint32Array(init.devices.count);
  }

  deviceId(index: number): number {
    return DEVICE_ID_BASE + index;
  }

  /** The index of a live (not deleted) device id, or -1. */
  indexOfDeviceId(id: number): number {
    const index = id - DEVICE_ID_BASE;
    if (!Number.isInteger(index) || index < 0 || index >= this.devices.count) return -1;
    return this.devices.deleted[index] === TRUE ? -1 : index;
  }

  userId(index: number): number {
    return USER_ID_BASE + index;
  }

  indexOfUserId(id: number): number {
    const index = id - USER_ID_BASE;
    return Number.isInteger(index) && index >= 0 && index < this.users.count ? index : -1;
  }

  groupBit(name: string): number {
    const lower = name.toLowerCase();
    return this.groups.findIndex((group) => group.toLowerCase() === lower);
  }

  /** Records a change to a column (sort orders and caches built on it are rebuilt on next use). */
  touch(column: string): void {
    this.version += 1;
    this.columnVersions.set(column, (this.columnVersions.get(column) ?? 0) + 1);
  }

  columnVersion(column: string): number {
    return this.columnVersions.get(column) ?? 0;
  }

  setColumn(column: ColumnName, index: number, value: number): void {
    const target = this.devices[column];
    if (target[index] === value) return;
    target[index] = value;
    this.deviceStamp[index] = (this.deviceStamp[index] ?? 0) + 1;
    this.touch(column);
  }

  setCustomAttributes(index: number, attrs: AttributeMap | undefined): void {
    this.customAttributes[index] = attrs && Object.keys(attrs).length > 0 ? attrs : undefined;
    this.deviceStamp[index] = (this.deviceStamp[index] ?? 0) + 1;
    this.touch('customAttributes');
  }
}
