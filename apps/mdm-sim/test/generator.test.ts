import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detailsDocument } from '../src/tenant/device-document.ts';
import { generateTenant } from '../src/tenant/generate.ts';
import { REGISTRATION_STATES, PLATFORM_TYPES } from '@mdm-console/mdm-api';
import { TRUE, type Tenant } from '../src/tenant/tenant.ts';

const ANCHOR = Date.UTC(2026, 10, 1);

function fingerprint(tenant: Tenant): string {
  const hash = createHash('sha256');
  for (let i = 0; i < tenant.devices.count; i += 1) hash.update(JSON.stringify(detailsDocument(tenant, i)));
  for (const email of tenant.users.email) hash.update(email);
  return hash.digest('hex');
}

describe('the tenant generator', () => {
  it('when the same seed and clock generate twice, then the tenants are identical byte for byte', () => {
    const a = generateTenant({ seed: 42, devices: 1500, anchor: ANCHOR });
    const b = generateTenant({ seed: 42, devices: 1500, anchor: ANCHOR });
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it('when the seed changes, then the tenant changes', () => {
    const a = generateTenant({ seed: 42, devices: 300, anchor: ANCHOR });
    const b = generateTenant({ seed: 43, devices: 300, anchor: ANCHOR });
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  it('when the clock changes, then only the times move, by the same amount', () => {
    const a = generateTenant({ seed: 7, devices: 200, anchor: ANCHOR });
    const b = generateTenant({ seed: 7, devices: 200, anchor: ANCHOR + 3_600_000 });
    for (let i = 0; i < 200; i += 1) {
      expect((b.devices.lastCheckin[i] ?? 0) - (a.devices.lastCheckin[i] ?? 0)).toBe(3_600_000);
      expect(b.devices.model[i]).toBe(a.devices.model[i]);
    }
  });

  describe('when 20,000 devices are generated', () => {
    const tenant = generateTenant({ seed: 42, devices: 20_000, anchor: ANCHOR });
    const d = tenant.devices;
    const share = (test: (i: number) => boolean): number => {
      let hits = 0;
      for (let i = 0; i < d.count; i += 1) if (test(i)) hits += 1;
      return hits / d.count;
    };
    const platform = (i: number): string => PLATFORM_TYPES[d.platform[i] ?? 0] ?? '';

    it('then platforms come in realistic shares', () => {
      expect(share((i) => platform(i) === 'IOS')).toBeGreaterThan(0.3);
      expect(share((i) => platform(i) === 'ANDROID')).toBeGreaterThan(0.3);
      expect(share((i) => platform(i) === 'WINDOWS_PHONE')).toBeGreaterThan(0.05);
      expect(share((i) => platform(i) === 'OSX')).toBeGreaterThan(0.03);
    });

    it('then most devices are ACTIVE, with a tail of every other registration state', () => {
      expect(share((i) => d.registrationState[i] === 0)).toBeGreaterThan(0.88);
      for (const [code] of REGISTRATION_STATES.entries())
        expect(share((i) => d.registrationState[i] === code)).toBeGreaterThan(0);
    });

    it('then each user owns one to four devices', () => {
      const owned = new Map<number, number>();
      for (let i = 0; i < d.count; i += 1) owned.set(d.owner[i] ?? -1, (owned.get(d.owner[i] ?? -1) ?? 0) + 1);
      const counts = [...owned.values()];
      expect(Math.min(...counts)).toBe(1);
      expect(Math.max(...counts)).toBe(4);
      expect(owned.size).toBe(tenant.users.count);
    });

    it('then every e-mail address is unique', () => {
      expect(new Set(tenant.users.email).size).toBe(tenant.users.count);
    });

    it('then supervision, DEP, work profiles, kiosks, lost mode, locations and violations all occur', () => {
      expect(share((i) => platform(i) === 'IOS' && d.supervised[i] === TRUE)).toBeGreaterThan(0.1);
      expect(share((i) => d.depEnrolled[i] === TRUE)).toBeGreaterThan(0.05);
      expect(share((i) => d.androidMode[i] === 1)).toBeGreaterThan(0.01);
      expect(share((i) => d.kiosk[i] === 2)).toBeGreaterThan(0.01);
      expect(share((i) => d.lostMode[i] === TRUE)).toBeGreaterThan(0);
      expect(share((i) => !Number.isNaN(d.latitude[i] ?? Number.NaN))).toBeGreaterThan(0.1);
      expect(share((i) => (d.violations[i] ?? 0) !== 0)).toBeGreaterThan(0.05);
      expect(share((i) => tenant.customAttributes[i] !== undefined)).toBeGreaterThan(0.5);
    });

    it('then check-ins range from minutes to months ago', () => {
      const ages = Array.from(d.lastCheckin, (t) => ANCHOR - t);
      expect(Math.min(...ages)).toBeLessThan(10 * 60_000);
      expect(Math.max(...ages)).toBeGreaterThan(90 * 86_400_000);
    });

    it('then a device document carries every field of "Get Device Details" with matching model and platform', () => {
      const doc = detailsDocument(tenant, 0);
      for (const field of [
        'guid',
        'mdmChannelId',
        'prettyModel',
        'osBuildVersion',
        'groups',
        'privacyPolicy',
        'serviceSubscriptions',
        'winServiceSubscriptions',
        'androidWorkDeviceOwnerWithWorkProfileEnabled',
      ]) {
        expect(doc).toHaveProperty(field);
      }
      for (let i = 0; i < 500; i += 1) {
        const row = detailsDocument(tenant, i);
        if (row.platformType === 'IOS') expect(String(row.manufacturer)).toBe('Apple Inc.');
        if (row.platformType === 'ANDROID') expect(row.supervised).toBeNull();
      }
    });
  });
});
