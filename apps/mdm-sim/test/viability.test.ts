import { describe, expect, it } from 'vitest';
import { PLATFORM_TYPES, REGISTRATION_STATES } from '@mdm-console/mdm-api';
import { exceptionCodes } from '../src/actions/viability.ts';
import { generateTenant } from '../src/tenant/generate.ts';
import { ANDROID_MODE, FALSE, TRUE } from '../src/tenant/tenant.ts';

const tenant = generateTenant({ seed: 11, devices: 4000, anchor: Date.UTC(2026, 10, 1) });
const d = tenant.devices;
const ACTIVE = REGISTRATION_STATES.indexOf('ACTIVE');

/** The first device matching `test`. */
function device(test: (i: number) => boolean): number {
  for (let i = 0; i < d.count; i += 1) if (test(i)) return i;
  throw new Error('no such device in the generated tenant');
}
const platform = (i: number): string => PLATFORM_TYPES[d.platform[i] ?? 0] ?? '';
const active = (i: number): boolean => d.registrationState[i] === ACTIVE;

describe('viability rules', () => {
  it('when a Windows laptop is locked, then the platform is not supported', () => {
    expect(
      exceptionCodes(
        tenant,
        device((i) => platform(i) === 'WINDOWS_PHONE' && active(i)),
        'lock',
      ),
    ).toEqual(['PLATFORM_NOT_SUPPORTED']);
  });

  it('when an unsupervised iPhone is restarted or updated, then it needs supervision', () => {
    const iphone = device((i) => platform(i) === 'IOS' && active(i) && d.supervised[i] === FALSE);
    expect(exceptionCodes(tenant, iphone, 'restart')).toEqual(['NOT_SUPERVISED']);
    expect(exceptionCodes(tenant, iphone, 'scheduleOSUpdate')).toEqual(['NOT_SUPERVISED']);
    expect(exceptionCodes(tenant, iphone, 'enableLostMode')).toEqual(['NOT_SUPERVISED']);
  });

  it('when a supervised active iPhone is asked anything iOS can do, then it is eligible', () => {
    const iphone = device(
      (i) => platform(i) === 'IOS' && active(i) && d.supervised[i] === TRUE && d.lostMode[i] === FALSE,
    );
    for (const action of [
      'lock',
      'unlock',
      'wipe',
      'retire',
      'restart',
      'scheduleOSUpdate',
      'forceCheckin',
      'enableLostMode',
      'message',
    ] as const) {
      expect(exceptionCodes(tenant, iphone, action)).toEqual([]);
    }
    expect(exceptionCodes(tenant, iphone, 'disableLostMode')).toEqual(['LOST_MODE_NOT_ENABLED']);
    expect(exceptionCodes(tenant, iphone, 'delete')).toEqual(['INVALID_REGISTRATION_STATE']);
  });

  it('when a retired device is locked, then its registration state forbids it, but it can be deleted', () => {
    const retired = device((i) => d.registrationState[i] === REGISTRATION_STATES.indexOf('RETIRED'));
    expect(exceptionCodes(tenant, retired, 'lock')).toContain('INVALID_REGISTRATION_STATE');
    expect(exceptionCodes(tenant, retired, 'delete')).toEqual([]);
  });

  it('when a WIPE_PENDING device is deleted, then it is refused', () => {
    const pending = device((i) => d.registrationState[i] === REGISTRATION_STATES.indexOf('WIPE_PENDING'));
    expect(exceptionCodes(tenant, pending, 'delete')).toEqual(['INVALID_REGISTRATION_STATE']);
  });

  it('when kiosk actions target Android devices, then only device-owner ones qualify, by kiosk state', () => {
    const byod = device(
      (i) => platform(i) === 'ANDROID' && active(i) && d.androidMode[i] === ANDROID_MODE.WORK_PROFILE,
    );
    expect(exceptionCodes(tenant, byod, 'enterKioskMode')).toEqual(['NOT_DEVICE_OWNER']);
    const kiosk = device((i) => active(i) && d.kiosk[i] === 2);
    expect(exceptionCodes(tenant, kiosk, 'enterKioskMode')).toEqual(['KIOSK_ALREADY_ACTIVE']);
    expect(exceptionCodes(tenant, kiosk, 'exitKioskMode')).toEqual([]);
    const iphone = device((i) => platform(i) === 'IOS' && active(i));
    expect(exceptionCodes(tenant, iphone, 'enterKioskMode')).toEqual(['PLATFORM_NOT_SUPPORTED']);
  });

  it('when relinquishing, then only company-owned Android devices with a work profile qualify', () => {
    const cope = device((i) => active(i) && d.androidMode[i] === ANDROID_MODE.COPE);
    expect(exceptionCodes(tenant, cope, 'relinquishOwnership')).toEqual([]);
    expect(exceptionCodes(tenant, cope, 'relinquishOwnershipCancel')).toEqual(['RELINQUISH_NOT_PENDING']);
    const managed = device((i) => active(i) && d.androidMode[i] === ANDROID_MODE.FULLY_MANAGED);
    expect(exceptionCodes(tenant, managed, 'relinquishOwnership')).toEqual(['NOT_COMPANY_OWNED_WORK_PROFILE']);
  });

  it('when a user is logged out, then only shared iPads and dedicated Android devices qualify', () => {
    const shared = device((i) => active(i) && d.multiUser[i] === TRUE);
    expect(exceptionCodes(tenant, shared, 'logoutUser')).toEqual([]);
    const personal = device((i) => platform(i) === 'IOS' && active(i) && d.multiUser[i] === FALSE);
    expect(exceptionCodes(tenant, personal, 'logoutUser')).toEqual(['NOT_MULTI_USER']);
  });

  it('when reassigning, then supervised iOS and Android Enterprise devices qualify', () => {
    expect(
      exceptionCodes(
        tenant,
        device((i) => platform(i) === 'IOS' && active(i) && d.supervised[i] === TRUE),
        'updateAccount',
      ),
    ).toEqual([]);
    expect(
      exceptionCodes(
        tenant,
        device((i) => platform(i) === 'ANDROID' && active(i)),
        'updateAccount',
      ),
    ).toEqual([]);
    expect(
      exceptionCodes(
        tenant,
        device((i) => platform(i) === 'OSX' && active(i)),
        'updateAccount',
      ),
    ).toEqual(['PLATFORM_NOT_SUPPORTED']);
  });
});
