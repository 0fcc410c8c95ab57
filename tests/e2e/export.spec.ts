import { readFile } from 'node:fs/promises';
import { deviceTotal, expect, signIn, tableSettled, test } from './fixtures.ts';

test('when a viewer exports a filtered view, then the file holds its devices under the visible columns’ labels', async ({
  page,
}) => {
  const view = new URLSearchParams({
    f: JSON.stringify(['platform:IOS']),
    cols: 'deviceName,serialNumber,platformType',
  });
  await signIn(page, 'viewer', `/devices?${view.toString()}`);
  await tableSettled(page);
  const total = await deviceTotal(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('devices.csv');
  const bytes = await readFile(await file.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split(/\r?\n/);
  expect(lines[0]).toBe('Name,Serial,Platform');
  expect(lines).toHaveLength(total + 1);
  expect(lines.slice(1).filter((line) => !line.endsWith(',IOS'))).toEqual([]);
  await expect(page.getByRole('status').filter({ hasText: /^Exported devices/ })).toBeVisible();
});
