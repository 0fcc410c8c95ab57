import { COUNTRIES, FIRST_NAMES, MODELS } from './catalog.ts';
import { decimalDigits, hash32, hexDigits, serialChars, uuid } from './random.ts';
import { STREAM } from './streams.ts';
import type { Tenant } from './tenant.ts';

// Per-device strings that never change are derived from (seed, index) when needed rather than stored.

export function deviceGuid(tenant: Tenant, index: number): string {
  return uuid(tenant.seed, STREAM.guid, index);
}

export function mdmChannelId(tenant: Tenant, index: number): string {
  return uuid(tenant.seed, STREAM.channel, index);
}

function modelOf(tenant: Tenant, index: number) {
  const model = MODELS[tenant.devices.model[index] ?? 0];
  if (model === undefined) throw new RangeError(`device ${index} has no model`);
  return model;
}

export function serialNumber(tenant: Tenant, index: number): string {
  const model = modelOf(tenant, index);
  const { seed } = tenant;
  switch (model.manufacturer) {
    case 'Apple Inc.':
      return serialChars(seed, STREAM.serial, index, 12);
    case 'samsung':
      return `R5C${serialChars(seed, STREAM.serial, index, 8)}`;
    case 'Google':
      return decimalDigits(seed, STREAM.serial, index, 14);
    case 'Zebra Technologies':
      return `2${decimalDigits(seed, STREAM.serial, index, 13)}`;
    case 'Dell Inc.':
      return serialChars(seed, STREAM.serial, index, 7);
    case 'LENOVO':
      return `PF${serialChars(seed, STREAM.serial, index, 6)}`;
    case 'HP':
      return `5CG${serialChars(seed, STREAM.serial, index, 7)}`;
    default:
      return decimalDigits(seed, STREAM.serial, index, 12);
  }
}

function hasSim(tenant: Tenant, index: number): boolean {
  return (tenant.devices.carrier[index] ?? 0) > 0;
}

function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A valid (Luhn) IMEI; iOS reports it with spaces ("35 884805 038514 5"). */
export function imei(tenant: Tenant, index: number): string | null {
  if (!hasSim(tenant, index)) return null;
  const body = `35${decimalDigits(tenant.seed, STREAM.imei, index, 12)}`;
  const full = body + luhnCheckDigit(body);
  if (modelOf(tenant, index).platform !== 'IOS') return full;
  return `${full.slice(0, 2)} ${full.slice(2, 8)} ${full.slice(8, 14)} ${full.slice(14)}`;
}

export function phoneNumber(tenant: Tenant, index: number): string | null {
  if (!hasSim(tenant, index)) return null;
  const form = modelOf(tenant, index).formFactor;
  if (form !== 'phone' && form !== 'rugged') return null;
  const country = COUNTRIES[tenant.devices.homeCountry[index] ?? 0];
  return `${country?.phonePrefix ?? '+1'}${decimalDigits(tenant.seed, STREAM.phone, index, 10)}`;
}

export function iccid(tenant: Tenant, index: number): string | null {
  if (!hasSim(tenant, index)) return null;
  return `89${decimalDigits(tenant.seed, STREAM.iccid, index, 17)}`;
}

export function imsi(tenant: Tenant, index: number): string | null {
  if (!hasSim(tenant, index)) return null;
  const country = COUNTRIES[tenant.devices.homeCountry[index] ?? 0];
  return `${country?.mcc ?? '310'}${decimalDigits(tenant.seed, STREAM.imsi, index, 12)}`;
}

export function udid(tenant: Tenant, index: number): string | null {
  const platform = modelOf(tenant, index).platform;
  if (platform === 'IOS' || platform === 'OSX') return hexDigits(tenant.seed, STREAM.udid, index, 40);
  if (platform === 'WINDOWS_PHONE') return hexDigits(tenant.seed, STREAM.udid, index, 32).toUpperCase();
  return null;
}

export function wifiMacAddress(tenant: Tenant, index: number): string {
  const hex = hexDigits(tenant.seed, STREAM.mac, index, 12);
  return hex.match(/../g)?.join(':') ?? hex;
}

export function deviceName(tenant: Tenant, index: number): string {
  const model = modelOf(tenant, index);
  if (model.platform === 'WINDOWS_PHONE') return `LT-${serialNumber(tenant, index)}`;
  const first = FIRST_NAMES[tenant.devices.nameFirst[index] ?? 0] ?? 'User';
  return `${first}’s ${model.kind}`;
}

const CLIENT_VERSIONS: Record<string, readonly string[]> = {
  IOS: ['5.4.1', '5.5.0', '5.6.2'],
  ANDROID: ['94.1.0.14', '95.0.0.12', '96.2.0.5'],
  OSX: ['2.3.0', '2.4.1'],
  WINDOWS_PHONE: ['1.9.4'],
};

export function clientVersion(tenant: Tenant, index: number): string | null {
  const versions = CLIENT_VERSIONS[modelOf(tenant, index).platform] ?? [];
  if (versions.length === 0) return null;
  return versions[hash32(tenant.seed, STREAM.flags + 100, index) % versions.length] ?? null;
}
