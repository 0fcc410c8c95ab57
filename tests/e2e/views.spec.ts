import { deviceTotal, expect, resultCount, signIn, tableSettled, test } from './fixtures.ts';

test('when an admin saves and shares a view, then a colleague opens it from the list and pins it to the Overview', async ({
  page,
  browser,
}) => {
  const name = `iOS devices ${String(Date.now())}`;
  const view = new URLSearchParams({ f: JSON.stringify(['platform:IOS']), cols: 'deviceName,serialNumber' });
  await signIn(page, 'admin', `/devices?${view.toString()}`);
  await tableSettled(page);
  const total = await deviceTotal(page);
  await page.getByRole('button', { name: 'Save view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save the current view' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Who sees it').selectOption({ label: 'Everyone who may browse devices' });
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`^${name}, shared by you`) })).toBeVisible();

  // A colleague in a new browser context sees the shared view with its count, opens it: just a URL.
  const colleague = await browser.newContext();
  const other = await colleague.newPage();
  await signIn(other, 'viewer', '/devices');
  const link = other.getByRole('link', { name: new RegExp(`^${name}, shared by admin@demo\\.local`) });
  await expect(link).toBeVisible();
  await expect(link.locator('xpath=..')).toContainText(total.toLocaleString('en-US'));
  await link.click();
  await expect(resultCount(other)).toContainText(total.toLocaleString('en-US'));
  await expect(other.getByRole('columnheader', { name: 'Serial' })).toBeVisible();
  // The viewer cannot change it, but may pin it to their own Overview.
  await other.getByRole('button', { name: `Options for ${name}` }).click();
  await expect(other.getByRole('button', { name: 'Rename or share' })).toHaveCount(0);
  await other.getByRole('button', { name: 'Pin to Overview' }).click();
  await other.getByRole('link', { name: 'Overview', exact: true }).click();
  const card = other.getByRole('region', { name: 'Pinned views' }).getByRole('link', { name: new RegExp(name) });
  await expect(card).toContainText(total.toLocaleString('en-US'));
  await card.click();
  await expect(resultCount(other)).toContainText(total.toLocaleString('en-US'));
  await colleague.close();

  // Its owner deletes it, after confirming.
  await page.getByRole('button', { name: `Options for ${name}` }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete view' }).click();
  await expect(page.getByRole('link', { name: new RegExp(`^${name}`) })).toHaveCount(0);
});
