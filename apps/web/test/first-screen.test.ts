import { deviceRowSchema, type DeviceRow } from '@mdm-console/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstPageOf, plainViewOf } from '../src/features/devices/first-screen.ts';
import { FIRST_SCREEN_WAIT_MS, firstScreenSettled, holdAppForFirstScreen } from '../src/lib/first-screen.ts';

const ROW: DeviceRow = deviceRowSchema.parse({
  id: 7,
  guid: 'g-7',
  deviceName: 'Laura’s iPhone',
  platformType: 'IOS',
  platformVersion: '17.7',
  osBuildVersion: '21H16',
  prettyModel: 'iPhone 14',
  manufacturer: 'Apple',
  serialNumber: 'SN7',
  imei: '35',
  phoneNumber: '+41',
  registrationState: 'ACTIVE',
  complianceState: true,
  policyViolationCount: 0,
  ownershipType: 'COMPANY',
  displayName: 'Laura Müller',
  emailAddress: 'laura@example.com',
  ownerId: 3,
  lastCheckin: 1_700_000_000_000,
  lastRegistrationTime: 1_600_000_000_000,
  supervised: true,
  jailbroken: false,
  lostModeEnabled: false,
  kioskState: null,
  subscriberCarrierNetwork: null,
  dmPartitionId: 1,
  customAttributes: { costCentre: ['42'] },
});

const pageWith = (row: unknown) => ({ total: 1, unfilteredTotal: 1, rows: [row], facets: {}, nextCursor: null });

describe('the first screen, painted before the app has loaded', () => {
  it('when the address is the plain view (sorting and columns only), then it is painted; with a filter or an open device, not', () => {
    expect(plainViewOf('')).toEqual({ sort: 'lastCheckin', order: 'desc', cols: undefined });
    expect(plainViewOf('?sort=deviceName&order=asc&cols=deviceName%2Cid')).toEqual({
      sort: 'deviceName',
      order: 'asc',
      cols: 'deviceName,id',
    });
    for (const search of [
      '?q=laura',
      '?f=%5B%22platform%3AIOS%22%5D',
      '?checkin=24h',
      '?fq=a',
      '?device=7',
      '?order=up',
    ])
      expect(plainViewOf(search), search).toBeUndefined();
  });

  it("when a row's field has the wrong type or is missing, then its page is not painted, as the contract refuses it too", () => {
    expect(firstPageOf(pageWith(ROW))?.rows).toEqual([ROW]);
    for (const field of Object.keys(deviceRowSchema.shape)) {
      const wrongType = { ...ROW, [field]: field === 'deviceName' ? 5 : 'text' };
      const missing = Object.fromEntries(Object.entries(ROW).filter(([key]) => key !== field));
      const nulled = { ...ROW, [field]: null };
      for (const [what, row] of Object.entries({ wrongType, missing, nulled }))
        expect(firstPageOf(pageWith(row)) !== undefined, `${field} ${what}`).toBe(
          deviceRowSchema.safeParse(row).success,
        );
    }
    expect(firstPageOf(pageWith({ ...ROW, customAttributes: { costCentre: [42] } }))).toBeUndefined();
    expect(firstPageOf({ total: '1', unfilteredTotal: 1, rows: [ROW] })).toBeUndefined();
    expect(firstPageOf(null)).toBeUndefined();
  });
});

describe("the app's code, held for the first screen", () => {
  afterEach(() => {
    globalThis.mdmFirstScreen = undefined;
    vi.useRealTimers();
  });

  const settledWithin = async (ms: number): Promise<boolean> => {
    let settled = false;
    void firstScreenSettled().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(ms);
    return settled;
  };

  it('when nothing is being painted, then it runs at once', async () => {
    vi.useFakeTimers();
    expect(await settledWithin(0)).toBe(true);
  });

  it('when the paint is done, then it runs; when the paint never comes or fails, then it runs after the bound', async () => {
    vi.useFakeTimers();
    let painted = (): void => undefined;
    holdAppForFirstScreen(
      new Promise<void>((resolve) => {
        painted = resolve;
      }),
    );
    expect(await settledWithin(50)).toBe(false);
    painted();
    expect(await settledWithin(0)).toBe(true);

    holdAppForFirstScreen(new Promise<void>(() => undefined));
    expect(await settledWithin(FIRST_SCREEN_WAIT_MS - 1)).toBe(false);
    expect(await settledWithin(1)).toBe(true);

    holdAppForFirstScreen(Promise.reject(new Error('no answer')));
    expect(await settledWithin(0)).toBe(true);
  });
});
