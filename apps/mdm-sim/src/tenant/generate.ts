import type { AttributeMap, PlatformType } from '@mdm-console/mdm-api';
import { PLATFORM_TYPES, REGISTRATION_STATES } from '@mdm-console/mdm-api';
import {
  ANDROID_PATCH_LEVELS,
  CARRIERS,
  COUNTRIES,
  DEPARTMENTS,
  EMAIL_DOMAIN,
  EXTRA_GROUPS,
  FIRST_NAMES,
  LAST_NAMES,
  MODELS,
  OS_RELEASES,
  PLATFORM_SHARES,
  POLICY_BIT,
  type ModelSpec,
} from './catalog.ts';
import { Dictionary } from './dictionary.ts';
import { hash32, unit, weighted } from './random.ts';
import { STREAM } from './streams.ts';
import { ANDROID_MODE, FALSE, NO_PATCH, NULL, Tenant, TRUE, type DeviceColumns, type UserColumns } from './tenant.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface GenerateOptions {
  seed: number;
  devices: number;
  /** "Now" for the generated times; the same seed and anchor give the same tenant, byte for byte. */
  anchor: number;
}

/** Group names: bit 0 "All Users", then departments, regions and extras (ACCOUNTGROUP values). */
export const GROUPS: readonly string[] = [
  'All Users',
  ...DEPARTMENTS.map(([name]) => name),
  'Americas',
  'EMEA',
  'APAC',
  ...EXTRA_GROUPS,
];
const REGION_BIT = { Americas: 1 + DEPARTMENTS.length, EMEA: 2 + DEPARTMENTS.length, APAC: 3 + DEPARTMENTS.length };
const EXTRA_BIT = (name: (typeof EXTRA_GROUPS)[number]): number => GROUPS.indexOf(name);

const MODELS_BY_PLATFORM = new Map<PlatformType, readonly (readonly [number, number])[]>(
  PLATFORM_TYPES.map((platform) => [
    platform,
    MODELS.flatMap((model, index) => (model.platform === platform ? [[index, model.weight] as const] : [])),
  ]),
);
const RUGGED_MODELS = MODELS.flatMap((model, index) =>
  model.formFactor === 'rugged' ? [[index, model.weight] as const] : [],
);
const DEVICES_PER_USER: readonly (readonly [number, number])[] = [
  [1, 50],
  [2, 30],
  [3, 15],
  [4, 5],
];
const REGISTRATION_MIX: readonly (readonly [number, number])[] = REGISTRATION_STATES.map((state, code) => [
  code,
  {
    ACTIVE: 930,
    RETIRED: 30,
    WIPED: 15,
    RETIRE_PENDING: 5,
    WIPE_PENDING: 3,
    RETIRE_SENT: 3,
    WIPE_SENT: 2,
    RETIRE_CANCELED: 6,
    WIPE_CANCELED: 6,
  }[state],
]);
const COUNTRY_MIX = COUNTRIES.map((country, index) => [index, country.weight] as const);
const DEPARTMENT_MIX = DEPARTMENTS.map(([, weight], index) => [index, weight] as const);
const CARRIERS_BY_COUNTRY = COUNTRIES.map((_, country) =>
  CARRIERS.flatMap((carrier, index) => (carrier.country === country ? [index] : [])),
);
const PATCH_MIX = ANDROID_PATCH_LEVELS.map(([, weight], index) => [index, weight] as const);

/** ASCII e-mail local part: "Müller" → "mueller", "O'Brien" → "obrien". */
function emailPart(name: string): string {
  return name
    .replaceAll('ü', 'ue')
    .replaceAll('ö', 'oe')
    .replaceAll('ä', 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

function modelAt(index: number): ModelSpec {
  const model = MODELS[index];
  if (model === undefined) throw new RangeError(`no model ${index}`);
  return model;
}

function allocateUsers(capacity: number): UserColumns {
  return {
    count: 0,
    id: new Int32Array(capacity),
    firstName: new Uint16Array(capacity),
    lastName: new Uint16Array(capacity),
    email: [],
    groupMask: new Uint32Array(capacity),
    department: new Uint8Array(capacity),
    title: new Uint8Array(capacity),
    country: new Uint8Array(capacity),
    enabled: new Uint8Array(capacity),
    ldap: new Uint8Array(capacity),
    createdAt: new Float64Array(capacity),
  };
}

function allocateDevices(count: number): DeviceColumns {
  const latitude = new Float32Array(count).fill(Number.NaN);
  const longitude = new Float32Array(count).fill(Number.NaN);
  return {
    count,
    platform: new Uint8Array(count),
    model: new Uint8Array(count),
    osVersion: new Uint16Array(count),
    osBuild: new Uint16Array(count),
    registrationState: new Uint8Array(count),
    owner: new Int32Array(count),
    nameFirst: new Uint16Array(count),
    lastCheckin: new Float64Array(count),
    lastRegistration: new Float64Array(count),
    violations: new Uint8Array(count),
    supervised: new Uint8Array(count),
    jailbroken: new Uint8Array(count),
    lostMode: new Uint8Array(count),
    roaming: new Uint8Array(count),
    multiUser: new Uint8Array(count),
    quarantined: new Uint8Array(count),
    ownership: new Uint8Array(count),
    homeCountry: new Uint8Array(count),
    currentCountry: new Uint8Array(count),
    carrier: new Uint8Array(count),
    kiosk: new Uint8Array(count),
    androidMode: new Uint8Array(count),
    depEnrolled: new Uint8Array(count),
    mamOnly: new Uint8Array(count),
    partition: new Uint8Array(count),
    patchLevel: new Uint8Array(count).fill(NO_PATCH),
    totalCapacity: new Float32Array(count),
    availableCapacity: new Float32Array(count),
    latitude,
    longitude,
    locationAt: new Float64Array(count),
    reassignment: new Uint8Array(count),
    reassignmentTarget: new Int32Array(count).fill(-1),
    relinquishPending: new Uint8Array(count),
    deleted: new Uint8Array(count),
  };
}

function generateUser(users: UserColumns, u: number, seed: number, anchor: number, emails: Map<string, number>): void {
  const first = hash32(seed, STREAM.userFirst, u) % FIRST_NAMES.length;
  const last = hash32(seed, STREAM.userLast, u) % LAST_NAMES.length;
  const country = weighted(COUNTRY_MIX, unit(seed, STREAM.userCountry, u));
  const department = weighted(DEPARTMENT_MIX, unit(seed, STREAM.userDepartment, u));
  const base = `${emailPart(FIRST_NAMES[first] ?? '')}.${emailPart(LAST_NAMES[last] ?? '')}`;
  const seen = emails.get(base) ?? 0;
  emails.set(base, seen + 1);
  users.email[u] = `${seen === 0 ? base : `${base}${seen + 1}`}@${EMAIL_DOMAIN}`;

  let mask = 1 | (1 << (1 + department));
  mask |= 1 << REGION_BIT[COUNTRIES[country]?.region ?? 'Americas'];
  const extras = unit(seed, STREAM.userExtras, u);
  if (extras < 0.02) mask |= 1 << EXTRA_BIT('VIP');
  else if (extras < 0.07) mask |= 1 << EXTRA_BIT('Contractors');
  if (unit(seed, STREAM.userExtras + 50, u) < 0.1) mask |= 1 << EXTRA_BIT('Pilot - iOS 18');

  users.id[u] = 10_540_001 + u;
  users.firstName[u] = first;
  users.lastName[u] = last;
  users.country[u] = country;
  users.department[u] = department;
  users.title[u] = department;
  users.groupMask[u] = mask >>> 0;
  users.enabled[u] = unit(seed, STREAM.userMisc, u) < 0.98 ? TRUE : FALSE;
  users.ldap[u] = unit(seed, STREAM.userMisc + 1, u) < 0.85 ? TRUE : FALSE;
  users.createdAt[u] = anchor - (30 + Math.floor(unit(seed, STREAM.userMisc + 2, u) * 1500)) * DAY;
}

function pickModel(seed: number, i: number, department: string): number {
  const fieldWorker = department === 'Field Service' || department === 'Retail Stores';
  if (fieldWorker && unit(seed, STREAM.model + 100, i) < 0.5)
    return weighted(RUGGED_MODELS, unit(seed, STREAM.model, i));
  const platform = weighted(PLATFORM_SHARES, unit(seed, STREAM.platform, i));
  return weighted(MODELS_BY_PLATFORM.get(platform) ?? [], unit(seed, STREAM.model, i));
}

function checkinAge(seed: number, i: number, active: boolean): number {
  const u = unit(seed, STREAM.checkinAge, i);
  const r = unit(seed, STREAM.checkin, i);
  if (!active) return 7 * DAY + u * 200 * DAY;
  if (r < 0.55) return MINUTE + u * 12 * HOUR;
  if (r < 0.8) return 12 * HOUR + u * 6.5 * DAY;
  if (r < 0.93) return 7 * DAY + u * 23 * DAY;
  return 30 * DAY + u * 150 * DAY;
}

const CITY_BY_COUNTRY: Record<string, readonly string[]> = {
  US: ['SF', 'NYC', 'CHI', 'AUS'],
  CA: ['TOR', 'VAN'],
  GB: ['LDN', 'MAN'],
  DE: ['BER', 'MUC', 'FRA'],
  FR: ['PAR', 'LYS'],
  IN: ['BLR', 'HYD'],
  JP: ['TYO', 'OSA'],
  AU: ['SYD', 'MEL'],
  SG: ['SIN'],
};

function customAttributesFor(
  seed: number,
  i: number,
  model: ModelSpec,
  countryCode: string,
  company: boolean,
): AttributeMap | undefined {
  const attrs: AttributeMap = {};
  const r = unit(seed, STREAM.attributes, i);
  if (r < 0.6) attrs.costCenter = [`CC-${1000 + (hash32(seed, STREAM.attributes + 1, i) % 90) * 10}`];
  if (unit(seed, STREAM.attributes + 2, i) < 0.45) {
    const cities = CITY_BY_COUNTRY[countryCode] ?? ['HQ'];
    attrs.cityId = [cities[hash32(seed, STREAM.attributes + 3, i) % cities.length] ?? 'HQ'];
  }
  if (company && (model.formFactor === 'laptop' || model.formFactor === 'desktop' || model.formFactor === 'rugged')) {
    attrs['assetTag_#'] = [String(100000 + (hash32(seed, STREAM.attributes + 4, i) % 900000))];
  }
  if (model.formFactor === 'rugged' && unit(seed, STREAM.attributes + 5, i) < 0.8) {
    attrs['storeNumber_#'] = [String(1 + (hash32(seed, STREAM.attributes + 6, i) % 250))];
  }
  return Object.keys(attrs).length > 0 ? attrs : undefined;
}

function generateDevice(
  t: {
    seed: number;
    anchor: number;
    devices: DeviceColumns;
    users: UserColumns;
    osVersions: Dictionary;
    osBuilds: Dictionary;
    attrs: (AttributeMap | undefined)[];
  },
  i: number,
  owner: number,
): void {
  const { seed, anchor, devices, users } = t;
  const department = DEPARTMENTS[users.department[owner] ?? 0]?.[0] ?? 'Sales';
  const modelIndex = pickModel(seed, i, department);
  const model = modelAt(modelIndex);
  const platform = model.platform;
  const platformCode = PLATFORM_TYPES.indexOf(platform);
  const corporateOnly =
    model.formFactor === 'laptop' || model.formFactor === 'desktop' || model.formFactor === 'rugged';
  const ownershipDraw = unit(seed, STREAM.ownership, i);
  const ownership = corporateOnly ? 0 : ownershipDraw < 0.65 ? 0 : ownershipDraw < 0.95 ? 1 : 2;
  const company = ownership === 0;
  const release = weighted(
    OS_RELEASES[platform].map((r) => [r, r.weight] as const),
    unit(seed, STREAM.osRelease, i),
  );
  const state = weighted(REGISTRATION_MIX, unit(seed, STREAM.registration, i));
  const active = REGISTRATION_STATES[state] === 'ACTIVE';
  const age = checkinAge(seed, i, active);
  const registeredAgo = Math.max(age + HOUR, (1 + unit(seed, STREAM.registrationAge, i) * 700) * DAY);
  const countryIndex = users.country[owner] ?? 0;
  const country = COUNTRIES[countryIndex];
  const flags = (k: number): number => unit(seed, STREAM.flags + k, i);

  devices.platform[i] = platformCode;
  devices.model[i] = modelIndex;
  devices.osVersion[i] = t.osVersions.code(release.platformVersion);
  devices.osBuild[i] = t.osBuilds.code(release.osBuildVersion);
  devices.registrationState[i] = state;
  devices.owner[i] = owner;
  devices.nameFirst[i] = users.firstName[owner] ?? 0;
  devices.lastCheckin[i] = Math.round(anchor - age);
  devices.lastRegistration[i] = Math.round(anchor - registeredAgo);
  devices.ownership[i] = ownership;
  devices.homeCountry[i] = countryIndex;
  devices.currentCountry[i] = countryIndex;

  const apple = platform === 'IOS' || platform === 'OSX';
  const supervised = apple && company && flags(1) < (platform === 'IOS' ? 0.85 : 0.9);
  devices.supervised[i] = apple ? (supervised ? TRUE : FALSE) : NULL;
  devices.depEnrolled[i] = supervised && flags(2) < 0.85 ? TRUE : FALSE;
  devices.multiUser[i] =
    platform === 'IOS' ? (model.formFactor === 'tablet' && supervised && flags(3) < 0.15 ? TRUE : FALSE) : NULL;
  devices.lostMode[i] = platform === 'IOS' ? (supervised && active && flags(4) < 0.01 ? TRUE : FALSE) : NULL;
  devices.jailbroken[i] = (platform === 'IOS' || platform === 'ANDROID') && flags(5) < 0.005 ? TRUE : FALSE;
  devices.mamOnly[i] = !company && model.formFactor === 'phone' && flags(6) < 0.01 ? TRUE : FALSE;

  if (platform === 'ANDROID') {
    const a = unit(seed, STREAM.android, i);
    let mode: number = ANDROID_MODE.WORK_PROFILE;
    if (company && model.formFactor === 'rugged') mode = a < 0.7 ? ANDROID_MODE.DEDICATED : ANDROID_MODE.FULLY_MANAGED;
    else if (company)
      mode = a < 0.55 ? ANDROID_MODE.FULLY_MANAGED : a < 0.9 ? ANDROID_MODE.COPE : ANDROID_MODE.DEDICATED;
    devices.androidMode[i] = mode;
    devices.kiosk[i] = mode === ANDROID_MODE.DEDICATED ? (flags(7) < 0.85 ? 2 : 1) : 0;
    devices.patchLevel[i] = weighted(PATCH_MIX, unit(seed, STREAM.android + 1, i));
  }

  const cellularShare =
    model.formFactor === 'phone' || model.formFactor === 'rugged' ? 0.97 : model.formFactor === 'tablet' ? 0.3 : 0;
  const carriers = CARRIERS_BY_COUNTRY[countryIndex] ?? [];
  if (unit(seed, STREAM.carrier, i) < cellularShare && carriers.length > 0) {
    devices.carrier[i] = 1 + (carriers[hash32(seed, STREAM.carrier + 1, i) % carriers.length] ?? 0);
    if (active && unit(seed, STREAM.roaming, i) < 0.03) {
      devices.roaming[i] = TRUE;
      devices.currentCountry[i] =
        (countryIndex + 1 + (hash32(seed, STREAM.roaming + 1, i) % (COUNTRIES.length - 1))) % COUNTRIES.length;
    }
  }

  const total = Math.round(model.storageGb * 0.931 * 100) / 100;
  devices.totalCapacity[i] = total;
  devices.availableCapacity[i] = Math.round(total * (0.05 + unit(seed, STREAM.capacity, i) * 0.75) * 100) / 100;

  const mobile = model.formFactor !== 'laptop' && model.formFactor !== 'desktop';
  if (active && mobile && country && unit(seed, STREAM.location, i) < 0.3) {
    const current = COUNTRIES[devices.currentCountry[i] ?? countryIndex] ?? country;
    devices.latitude[i] = current.latitude + (unit(seed, STREAM.location + 1, i) - 0.5) * 4;
    devices.longitude[i] = current.longitude + (unit(seed, STREAM.location + 2, i) - 0.5) * 6;
    devices.locationAt[i] = Math.round(anchor - age - unit(seed, STREAM.location + 3, i) * 2 * HOUR);
  }

  let violations = 0;
  if (devices.jailbroken[i] === TRUE) violations |= 1 << POLICY_BIT.COMPROMISED;
  if (unit(seed, STREAM.compliance, i) < 0.005) violations |= 1 << POLICY_BIT.MDM_DISABLED;
  if (active && age > 30 * DAY) violations |= 1 << POLICY_BIT.OUT_OF_CONTACT;
  if (devices.roaming[i] === TRUE) violations |= 1 << POLICY_BIT.ROAMING;
  if (release.outdated) violations |= 1 << POLICY_BIT.OS_VERSION;
  if (mobile && unit(seed, STREAM.compliance + 1, i) < 0.03) violations |= 1 << POLICY_BIT.PASSCODE;
  devices.violations[i] = violations;
  devices.quarantined[i] = violations !== 0 && unit(seed, STREAM.compliance + 2, i) < 0.25 ? TRUE : FALSE;

  t.attrs[i] = customAttributesFor(seed, i, model, country?.code ?? 'US', company);
}

/** Builds a tenant of `devices` devices; users own one to four devices each. */
export function generateTenant(options: GenerateOptions): Tenant {
  const { seed, anchor } = options;
  const count = Math.max(0, Math.floor(options.devices));
  const users = allocateUsers(Math.max(1, count));
  const devices = allocateDevices(count);
  const osVersions = new Dictionary();
  const osBuilds = new Dictionary();
  const attrs: (AttributeMap | undefined)[] = new Array<AttributeMap | undefined>(count);
  const emails = new Map<string, number>();
  const context = { seed, anchor, devices, users, osVersions, osBuilds, attrs };

  let next = 0;
  let u = 0;
  while (next < count) {
    generateUser(users, u, seed, anchor, emails);
    const wanted = weighted(DEVICES_PER_USER, unit(seed, STREAM.userDevices, u));
    for (let k = 0; k < wanted && next < count; k += 1) {
      generateDevice(context, next, u);
      next += 1;
    }
    u += 1;
  }
  users.count = u;
  const trimmed: UserColumns = {
    count: u,
    id: users.id.slice(0, u),
    firstName: users.firstName.slice(0, u),
    lastName: users.lastName.slice(0, u),
    email: users.email,
    groupMask: users.groupMask.slice(0, u),
    department: users.department.slice(0, u),
    title: users.title.slice(0, u),
    country: users.country.slice(0, u),
    enabled: users.enabled.slice(0, u),
    ldap: users.ldap.slice(0, u),
    createdAt: users.createdAt.slice(0, u),
  };
  return new Tenant({
    seed,
    anchor,
    users: trimmed,
    devices,
    groups: GROUPS,
    osVersions,
    osBuilds,
    customAttributes: attrs,
  });
}
