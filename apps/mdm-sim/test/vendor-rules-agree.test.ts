import { reassignmentRefusal, registrationStateRefusal, type RuledAction } from '@mdm-console/mdm-api';
import { describe, expect, it } from 'vitest';
import { exceptionCodes } from '../src/actions/viability.ts';
import { detailsDocument, searchDocument, type DeviceDocument } from '../src/tenant/device-document.ts';
import { generateTenant } from '../src/tenant/generate.ts';

const tenant = generateTenant({ seed: 23, devices: 3000, anchor: Date.UTC(2026, 10, 1) });
const devices = Array.from({ length: tenant.devices.count }, (_, i) => i);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** What the console predicts from a device document, with the shared rules (as the BFF's preflight does). */
function predicted(action: RuledAction, doc: DeviceDocument): string | undefined {
  const state = registrationStateRefusal(action, text(doc.registrationState));
  if (action !== 'updateAccount' || state) return state;
  return reassignmentRefusal({
    platformType: text(doc.platformType),
    supervised: flag(doc.supervised),
    androidWorkEnabled: flag(doc.androidWorkEnabled),
  });
}

describe('the simulator and the console apply the same vendor rules', () => {
  it.each<RuledAction>(['delete', 'message', 'updateAccount'])(
    'when every device is judged for %s from its details, then the console predicts what the simulator answers',
    (action) => {
      const disagreements = devices.filter(
        (i) => predicted(action, detailsDocument(tenant, i)) !== exceptionCodes(tenant, i, action)[0],
      );
      expect(disagreements).toEqual([]);
    },
  );

  it('when only a search row is read, then every refusal the console predicts is the one the simulator gives', () => {
    // A search row may not say whether an Android device is in Android Enterprise: the console then leaves the
    // decision to the vendor, and may only ever predict fewer refusals, never others.
    for (const action of ['delete', 'message', 'updateAccount'] as const) {
      const wrong = devices.filter((i) => {
        const guess = predicted(action, searchDocument(tenant, i));
        return guess !== undefined && guess !== exceptionCodes(tenant, i, action)[0];
      });
      expect(wrong).toEqual([]);
    }
  });
});
