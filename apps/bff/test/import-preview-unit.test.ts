import { coreUsersResponseSchema, deviceSearchResultSchema, type DeviceSearchResult } from '@mdm-console/mdm-api';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../src/domain/imports/import-file.ts';
import { previewEntries, type PreviewClient } from '../src/domain/imports/import-preview.ts';

/**
 * The preview against a scripted vendor: the cases the simulator's tenant cannot show (two devices sharing a serial
 * number, as a re-enrolled device leaves behind), and what the preview asks the vendor.
 */
function scriptedClient(devices: Record<string, unknown>[]) {
  const searches: string[][] = [];
  const client: PreviewClient = {
    async *walkDevices(params): AsyncGenerator<DeviceSearchResult> {
      searches.push([...(params.fq ?? [])]);
      await Promise.resolve();
      yield deviceSearchResultSchema.parse({ totalCount: devices.length, searchResults: devices });
    },
    findUsers: () =>
      Promise.resolve(
        coreUsersResponseSchema.parse({
          results: [{ id: 77, email: 'new.owner@example.com', principal: 'new.owner@example.com' }],
          hasMore: false,
        }),
      ),
  };
  return { client, searches };
}

describe('the preview of an import', () => {
  it('when two devices share a serial number, then the row is ambiguous and names both ids', async () => {
    const { client } = scriptedClient([
      { id: 1, serialNumber: 'F17XK', customAttributes: { attrs: {} } },
      { id: 2, serialNumber: 'F17XK', customAttributes: { attrs: {} } },
      { id: 3, serialNumber: 'G200', ownerId: 5, emailAddress: 'old@example.com' },
    ]);
    const file = readImportFile(
      'serialNumber,attr:room,owner\nf17xk,R1,\nG200,,new.owner@example.com\n',
      'serialNumber',
    );
    const { entries, matchedDevices } = await previewEntries(client, 9, 'serialNumber', file);
    expect(matchedDevices).toBe(1);
    expect(entries).toEqual([
      expect.objectContaining({ category: 'ambiguous', row: 2 }),
      expect.objectContaining({
        category: 'change',
        kind: 'owner',
        deviceId: 3,
        changes: [{ field: 'owner', from: 'old@example.com', to: 'new.owner@example.com' }],
        values: { accountId: 77 },
      }),
    ]);
    expect(entries[0]?.message).toContain('ids 1, 2');
  });

  it('when a value was made inert by the export, then it comes back as it was', async () => {
    const { client } = scriptedClient([{ id: 4, customAttributes: { attrs: { Formula: ['x'] } } }]);
    const file = readImportFile("id,attr:formula\n4,'=SUM(A1)\n", 'id');
    const { entries } = await previewEntries(client, 9, 'id', file);
    // The tenant's spelling of the attribute wins over the file's case.
    expect(entries[0]).toMatchObject({
      changes: [{ field: 'attr:Formula', from: 'x', to: '=SUM(A1)' }],
      values: { attrs: { Formula: ['=SUM(A1)'] } },
    });
  });

  it('when a file has 250 keys, then devices are looked up 100 keys per search', async () => {
    const { client, searches } = scriptedClient([]);
    const rows = Array.from({ length: 250 }, (_, k) => `${String(k + 1)},x`).join('\n');
    await previewEntries(client, 9, 'id', readImportFile(`id,attr:a\n${rows}\n`, 'id'));
    expect(searches).toHaveLength(3);
    expect(searches[0]?.[0]?.match(/ OR /g)).toHaveLength(99);
  });
});

describe('the file of an import', () => {
  it('when a small file holds a million rows, then it is refused as too long', () => {
    expect(() => readImportFile(`id,attr:a\n${'1,1\n'.repeat(1_000_000)}`, 'id')).toThrow(/more than 20000 rows/);
  });
});
