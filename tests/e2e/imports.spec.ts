import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, signIn, test } from './fixtures.ts';

/** Devices the admin's search finds (the test needs a few). */
async function someDevices(page: Page, count: number) {
  const found = await page.request.get(`/api/devices?size=${String(count)}&sort=id&order=asc&f=platform%3AANDROID`, {
    headers: { 'X-CSRF': '1' },
  });
  return ((await found.json()) as { rows: { id: number }[] }).rows;
}

test('when an admin imports a spreadsheet, then the preview shows each change and Apply sets the attributes as a job', async ({
  page,
}) => {
  await signIn(page, 'admin', '/devices');
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import from a spreadsheet' })).toBeVisible();
  await expectNoAxeViolations(page);

  const devices = await someDevices(page, 3);
  const tag = `E2E-${String(Date.now())}`;
  const csv = [
    'id;attr:assetTag',
    ...devices.map((device, k) => `${String(device.id)};${tag}-${String(k)}`),
    '999999999;x',
  ];
  await page.getByLabel('CSV file').setInputFiles({
    name: 'assets.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${csv.join('\r\n')}\r\n`),
  });
  await page.getByLabel('Devices are identified by').selectOption('id');
  await page.getByRole('button', { name: 'Preview' }).click();

  await expect(page.getByText(/assets\.csv: 4 rows read, 3 devices matched/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Changes (3)' })).toBeVisible();
  await page.getByRole('button', { name: 'No device (1)' }).click();
  await expect(page.getByRole('table', { name: 'What the file changes, row by row' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('cell', { name: 'No device in this space has this id.' })).toBeVisible();
  await expectNoAxeViolations(page, '.import-preview');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download preview (CSV)' }).click();
  const lines = (await readFile(await (await download).path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
  expect(lines[0]).toBe('line,key,category,device_id,device_name,field,from,to,message');
  expect(lines.filter((line) => line.includes(`,${tag}-`))).toHaveLength(3);

  await page.getByRole('button', { name: 'Set custom attributes on 3 devices…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/frozen for this action/)).toContainText('3 devices');
  await dialog.getByRole('button', { name: 'Set custom attributes 3 devices' }).click();
  await expect(dialog.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(dialog.getByText('Done.')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.locator('.job-count-succeeded dd')).toHaveText('3');

  for (const [k, device] of devices.entries()) {
    const answer = await page.request.get(`/api/devices/${String(device.id)}/custom-attributes`, {
      headers: { 'X-CSRF': '1' },
    });
    expect(((await answer.json()) as { attrs: Record<string, string[]> }).attrs.assetTag).toEqual([
      `${tag}-${String(k)}`,
    ]);
  }
});

test('when a file is not UTF-8, then the page says how to save it and previews nothing', async ({ page }) => {
  await signIn(page, 'admin', '/import');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'latin1.csv',
    mimeType: 'text/csv',
    buffer: Buffer.concat([Buffer.from('id,attr:site\n1,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  });
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('alert')).toContainText('Save it as “CSV UTF-8”');
  await expect(page.getByText(/rows read/)).toHaveCount(0);
});
