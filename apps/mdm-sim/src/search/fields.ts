import { DEVICE_FACETS, PLATFORM_TYPES, REGISTRATION_STATES, REASSIGNMENT_STATES } from '@mdm-console/mdm-api';
import {
  ANDROID_PATCH_LEVELS,
  CARRIERS,
  COUNTRIES,
  DEPARTMENTS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  MODELS,
  SPACES,
} from '../tenant/catalog.ts';
import * as ids from '../tenant/identifiers.ts';
import {
  ANDROID_MODE,
  FALSE,
  KIOSK_STATES,
  NO_PATCH,
  OWNERSHIP_TYPES,
  TRUE,
  type ColumnName,
  type Tenant,
} from '../tenant/tenant.ts';

export type FieldValue = string | number | boolean | null;
export type FieldType = 'string' | 'number' | 'date' | 'boolean';

/** A field stored as small integer codes: filters test each code once, facets count codes. */
export interface CodedSource {
  column: ArrayLike<number>;
  codeCount: number;
  label(code: number): FieldValue;
}

export interface FieldDef {
  name: string;
  type: FieldType;
  /** The value on device `i` (the slow path, and the sort key). */
  valueAt(i: number): FieldValue;
  coded?: () => CodedSource;
  /** A numeric column (NaN for null). */
  numeric?: () => ArrayLike<number>;
  /** A value of the device's owner: evaluated once per user, then mapped through the owner column. */
  user?: {
    coded?: () => CodedSource;
    valueAt?: (u: number) => FieldValue;
    groups?: true;
    exact?: (value: string) => readonly number[];
  };
  /** Device indexes whose value equals `value` exactly (case-insensitive), for unique identifiers. */
  exact?: (value: string) => readonly number[];
  /** Columns read, so that sort orders built on the field are rebuilt after a change. */
  deps: readonly string[];
}

const tri = (code: number): FieldValue => (code === TRUE ? true : code === FALSE ? false : null);
const TRI_CODES = 3;

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}

function at<T>(list: readonly T[], index: number): T | undefined {
  return list[index];
}

/** Builds the registry of every field an fq, a sort or a facet can name, keyed by lower-case name. */
export function createFieldRegistry(
  tenant: Tenant,
  exactLookups: Record<
    'guid' | 'serialNumber' | 'imei' | 'phoneNumber' | 'email',
    (value: string) => readonly number[]
  >,
): Map<string, FieldDef> {
  const d = tenant.devices;
  const u = tenant.users;
  const fields: FieldDef[] = [];
  const add = (def: FieldDef): void => {
    fields.push(def);
  };
  const codedColumn = (
    name: string,
    column: ColumnName,
    type: FieldType,
    codeCount: () => number,
    label: (code: number) => FieldValue,
  ): void => {
    const source = (): CodedSource => ({ column: d[column], codeCount: codeCount(), label });
    add({ name, type, valueAt: (i) => label(d[column][i] ?? 0), coded: source, deps: [column] });
  };
  const triColumn = (name: string, column: ColumnName): void => {
    codedColumn(name, column, 'boolean', () => TRI_CODES, tri);
  };
  const numericColumn = (
    name: string,
    column: 'lastCheckin' | 'lastRegistration' | 'totalCapacity' | 'availableCapacity' | 'locationAt',
    type: FieldType,
  ): void => {
    add({
      name,
      type,
      valueAt: (i) => {
        const v = d[column][i] ?? Number.NaN;
        return Number.isNaN(v) || (column === 'locationAt' && v === 0) ? null : v;
      },
      numeric: () => (column === 'locationAt' ? d.locationAt.map((v) => (v === 0 ? Number.NaN : v)) : d[column]),
      deps: [column],
    });
  };
  const derived = (
    name: string,
    valueAt: (i: number) => FieldValue,
    deps: readonly string[] = [],
    exact?: FieldDef['exact'],
  ): void => {
    add(exact ? { name, type: 'string', valueAt, deps, exact } : { name, type: 'string', valueAt, deps });
  };
  const constant = (name: string, value: FieldValue, type: FieldType = 'string'): void => {
    const source = (): CodedSource => ({ column: d.deleted, codeCount: 2, label: () => value });
    add({ name, type, valueAt: () => value, coded: source, deps: [] });
  };
  const userCoded = (
    name: string,
    column: 'firstName' | 'lastName' | 'department' | 'title' | 'country' | 'enabled' | 'ldap',
    codeCount: number,
    label: (code: number) => FieldValue,
    type: FieldType = 'string',
  ): void => {
    const source = (): CodedSource => ({ column: u[column], codeCount, label });
    add({
      name,
      type,
      valueAt: (i) => label(u[column][d.owner[i] ?? 0] ?? 0),
      user: { coded: source },
      deps: ['owner'],
    });
  };
  const userValue = (
    name: string,
    valueAt: (user: number) => FieldValue,
    type: FieldType = 'string',
    exact?: (value: string) => readonly number[],
  ): void => {
    add({
      name,
      type,
      valueAt: (i) => valueAt(d.owner[i] ?? 0),
      user: exact ? { valueAt, exact } : { valueAt },
      deps: ['owner'],
    });
  };
  const model = (code: number) => at(MODELS, code);
  const androidMode = (name: string, test: (mode: number) => boolean): void => {
    codedColumn(
      name,
      'androidMode',
      'boolean',
      () => 5,
      (mode) => test(mode),
    );
  };
  const isAndroid = (i: number): boolean => PLATFORM_TYPES[d.platform[i] ?? 0] === 'ANDROID';

  add({ name: 'id', type: 'number', valueAt: (i) => tenant.deviceId(i), deps: [] });
  derived('guid', (i) => ids.deviceGuid(tenant, i), [], exactLookups.guid);
  derived('mdmChannelId', (i) => ids.mdmChannelId(tenant, i));
  codedColumn(
    'platformType',
    'platform',
    'string',
    () => PLATFORM_TYPES.length,
    (c) => at(PLATFORM_TYPES, c) ?? null,
  );
  codedColumn(
    'registrationState',
    'registrationState',
    'string',
    () => REGISTRATION_STATES.length,
    (c) => at(REGISTRATION_STATES, c) ?? null,
  );
  codedColumn(
    'complianceState',
    'violations',
    'boolean',
    () => 256,
    (mask) => mask === 0,
  );
  codedColumn('policyViolationCount', 'violations', 'number', () => 256, popcount);
  codedColumn(
    'ownershipType',
    'ownership',
    'string',
    () => OWNERSHIP_TYPES.length,
    (c) => at(OWNERSHIP_TYPES, c) ?? null,
  );
  codedColumn(
    'prettyModel',
    'model',
    'string',
    () => MODELS.length,
    (c) => model(c)?.prettyModel ?? null,
  );
  codedColumn(
    'deviceModel',
    'model',
    'string',
    () => MODELS.length,
    (c) => model(c)?.deviceModel ?? null,
  );
  codedColumn(
    'manufacturer',
    'model',
    'string',
    () => MODELS.length,
    (c) => model(c)?.manufacturer ?? null,
  );
  codedColumn(
    'platformVersion',
    'osVersion',
    'string',
    () => tenant.osVersions.size,
    (c) => tenant.osVersions.values[c] ?? null,
  );
  codedColumn(
    'osBuildVersion',
    'osBuild',
    'string',
    () => tenant.osBuilds.size,
    (c) => tenant.osBuilds.values[c] ?? null,
  );
  codedColumn(
    'subscriberCarrierNetwork',
    'carrier',
    'string',
    () => CARRIERS.length + 1,
    (c) => (c === 0 ? 'UNKNOWN' : (at(CARRIERS, c - 1)?.name ?? 'UNKNOWN')),
  );
  derived('currentCarrierNetwork', (i) => currentCarrier(tenant, i), ['carrier', 'roaming']);
  triColumn('supervised', 'supervised');
  triColumn('jailbroken', 'jailbroken');
  triColumn('lostModeEnabled', 'lostMode');
  triColumn('roaming', 'roaming');
  triColumn('multiUser', 'multiUser');
  triColumn('quarantined', 'quarantined');
  triColumn('mamOnly', 'mamOnly');
  triColumn('depEnrolled', 'depEnrolled');
  codedColumn(
    'kioskState',
    'kiosk',
    'string',
    () => KIOSK_STATES.length,
    (c) => at(KIOSK_STATES, c) ?? null,
  );
  codedColumn(
    'androidSecurityPatchLevel',
    'patchLevel',
    'string',
    () => 256,
    (c) => (c === NO_PATCH ? null : (at(ANDROID_PATCH_LEVELS, c)?.[0] ?? null)),
  );
  androidMode('androidWorkProfileEnabled', (m) => m === ANDROID_MODE.WORK_PROFILE || m === ANDROID_MODE.COPE);
  androidMode('androidWorkEnabled', (m) => m !== ANDROID_MODE.NONE);
  androidMode(
    'androidDeviceOwnerModeEnabled',
    (m) => m === ANDROID_MODE.FULLY_MANAGED || m === ANDROID_MODE.COPE || m === ANDROID_MODE.DEDICATED,
  );
  androidMode(
    'androidDeviceOwnerEnabled',
    (m) => m === ANDROID_MODE.FULLY_MANAGED || m === ANDROID_MODE.COPE || m === ANDROID_MODE.DEDICATED,
  );
  androidMode('androidWorkDeviceOwnerWithWorkProfileEnabled', (m) => m === ANDROID_MODE.COPE);
  androidMode('androidWorkProfileOnCompanyOwnedDeviceEnabled', (m) => m === ANDROID_MODE.COPE);
  androidMode('androidWorkContainerEnabled', () => false);
  codedColumn(
    'androidManagedByGoogle',
    'platform',
    'boolean',
    () => PLATFORM_TYPES.length,
    () => false,
  );
  codedColumn(
    'androidSafetyNetAttestationType',
    'platform',
    'string',
    () => PLATFORM_TYPES.length,
    (c) => (at(PLATFORM_TYPES, c) === 'ANDROID' ? 'HARDWARE_BACKED' : 'UNKNOWN'),
  );
  codedColumn(
    'dmPartitionId',
    'partition',
    'number',
    () => SPACES.length,
    (c) => at(SPACES, c)?.id ?? null,
  );
  codedColumn(
    'dmPartitionName',
    'partition',
    'string',
    () => SPACES.length,
    (c) => at(SPACES, c)?.name ?? null,
  );
  codedColumn(
    'locale',
    'homeCountry',
    'string',
    () => COUNTRIES.length,
    (c) => at(COUNTRIES, c)?.locale ?? null,
  );
  codedColumn(
    'homeCountryCode',
    'homeCountry',
    'string',
    () => COUNTRIES.length,
    (c) => at(COUNTRIES, c)?.code ?? null,
  );
  codedColumn(
    'homeCountryName',
    'homeCountry',
    'string',
    () => COUNTRIES.length,
    (c) => at(COUNTRIES, c)?.name ?? null,
  );
  codedColumn(
    'currentCountryCode',
    'currentCountry',
    'string',
    () => COUNTRIES.length,
    (c) => at(COUNTRIES, c)?.code ?? null,
  );
  codedColumn(
    'currentCountryName',
    'currentCountry',
    'string',
    () => COUNTRIES.length,
    (c) => at(COUNTRIES, c)?.name ?? null,
  );
  codedColumn(
    'lastReassignmentStatus',
    'reassignment',
    'string',
    () => REASSIGNMENT_STATES.length + 1,
    (c) => (c === 0 ? null : (at(REASSIGNMENT_STATES, c - 1) ?? null)),
  );
  numericColumn('lastCheckin', 'lastCheckin', 'date');
  numericColumn('clientLastCheckin', 'lastCheckin', 'date');
  numericColumn('lastRegistrationTime', 'lastRegistration', 'date');
  numericColumn('locationLastCapturedAt', 'locationAt', 'date');
  numericColumn('totalCapacity', 'totalCapacity', 'number');
  numericColumn('availableCapacity', 'availableCapacity', 'number');
  derived('serialNumber', (i) => ids.serialNumber(tenant, i), [], exactLookups.serialNumber);
  derived('imei', (i) => ids.imei(tenant, i), [], exactLookups.imei);
  derived('phoneNumber', (i) => ids.phoneNumber(tenant, i), [], exactLookups.phoneNumber);
  derived('udid', (i) => ids.udid(tenant, i));
  derived('wifiMacAddress', (i) => ids.wifiMacAddress(tenant, i));
  derived('iccid', (i) => ids.iccid(tenant, i));
  derived('imsi', (i) => ids.imsi(tenant, i));
  derived('deviceName', (i) => ids.deviceName(tenant, i));
  derived('clientVersion', (i) => ids.clientVersion(tenant, i));
  derived('androidId', (i) => (isAndroid(i) ? ids.mdmChannelId(tenant, i).replaceAll('-', '').slice(0, 16) : null));
  constant('deviceSource', 'CLOUD');
  constant('clusterIdentifier', 'CLOUD');
  constant('authOnly', false, 'boolean');
  constant('secureAppsStatus', null);
  constant('mobileThreatDefenseGeneralStatus', 'NA');
  constant('antiPhishingGeneralStatus', 'NA');
  constant('antiPhishingStatus', 'UNKNOWN');
  constant('lastHotfixId', null);

  userValue('emailAddress', (user) => u.email[user] ?? null, 'string', exactLookups.email);
  userValue('uid', (user) => u.email[user] ?? null, 'string', exactLookups.email);
  userValue('ownerId', (user) => tenant.userId(user), 'number');
  userValue(
    'displayName',
    (user) => `${FIRST_NAMES[u.firstName[user] ?? 0] ?? ''} ${LAST_NAMES[u.lastName[user] ?? 0] ?? ''}`,
  );
  userCoded('firstName', 'firstName', FIRST_NAMES.length, (c) => at(FIRST_NAMES, c) ?? null);
  userCoded('lastName', 'lastName', LAST_NAMES.length, (c) => at(LAST_NAMES, c) ?? null);
  userCoded('accountEnabled', 'enabled', 2, (c) => c === TRUE, 'boolean');
  add({
    name: 'accountGroup',
    type: 'string',
    valueAt: (i) => groupNames(tenant, d.owner[i] ?? 0).join(', '),
    user: { groups: true },
    deps: ['owner'],
  });

  const registry = new Map<string, FieldDef>();
  for (const def of fields) registry.set(def.name.toLowerCase(), def);
  for (const [facet, fieldName] of Object.entries(DEVICE_FACETS)) {
    const def = registry.get(fieldName.toLowerCase());
    if (def) registry.set(facet.toLowerCase(), def);
  }
  return registry;
}

export function groupNames(tenant: Tenant, user: number): string[] {
  const mask = tenant.users.groupMask[user] ?? 0;
  return tenant.groups.filter((_, bit) => ((mask >>> bit) & 1) === 1);
}

export function currentCarrier(tenant: Tenant, i: number): string {
  const d = tenant.devices;
  const code = d.carrier[i] ?? 0;
  if (code === 0) return 'UNKNOWN';
  if (d.roaming[i] !== TRUE) return CARRIERS[code - 1]?.name ?? 'UNKNOWN';
  const visited = CARRIERS.find((carrier) => carrier.country === d.currentCountry[i]);
  return visited?.name ?? 'UNKNOWN';
}

/** LDAP attributes of users (CFLDAP[name]), by lower-case name. */
export function ldapAttribute(tenant: Tenant, user: number, name: string): string | null {
  const u = tenant.users;
  switch (name.toLowerCase()) {
    case 'department':
      return DEPARTMENTS[u.department[user] ?? 0]?.[0] ?? null;
    case 'title':
      return JOB_TITLES[u.title[user] ?? 0] ?? null;
    case 'employeeid':
      return String(100000 + user);
    case 'c':
    case 'country':
      return COUNTRIES[u.country[user] ?? 0]?.code ?? null;
    case 'mail':
      return u.email[user] ?? null;
    default:
      return null;
  }
}
