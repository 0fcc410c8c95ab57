import { deviceRows, deviceTotal, expect, signIn, tableSettled, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await signIn(page, 'admin');
  await expect(deviceRows(page).first()).toBeVisible();
});

test('when a custom attribute is added, then the device is found by it', async ({ page }) => {
  const row = deviceRows(page).nth(3);
  const name = (await row.locator('td:nth-child(2)').innerText()).trim();
  await row.click();
  const panel = page.getByRole('region', { name });
  await panel.getByRole('tab', { name: 'Custom attributes' }).click();
  const tag = `e2e-${Date.now()}`;
  const form = panel.getByRole('form', { name: 'Add an attribute' });
  await form.getByLabel('Attribute name').fill('e2eTag');
  await form.getByLabel('Values').fill(tag);
  await form.getByRole('button', { name: 'Add attribute' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved e2eTag.' })).toBeVisible();
  await expect(panel.getByRole('row', { name: /e2eTag/ })).toContainText(tag);

  // Numeric attributes take numbers only: refused in the browser with the reason, nothing sent.
  await form.getByLabel('Attribute name').fill('floor_#');
  await form.getByLabel('Values').fill('third');
  await form.getByRole('button', { name: 'Add attribute' }).click();
  await expect(form.getByRole('alert')).toContainText('numeric');

  await page.getByRole('button', { name: 'Advanced (fq)' }).click();
  await page.getByLabel('Filter query (fq)').fill(`CFDEVICE[e2eTag] = "${tag}"`);
  await page.getByRole('button', { name: 'Apply fq' }).click();
  await expect.poll(() => deviceTotal(page)).toBe(1);
  await expect(deviceRows(page).first().locator('td:nth-child(2)')).toHaveText(name);
});

test('when an fq does not parse, then the editor says where and cannot apply it', async ({ page }) => {
  await page.getByRole('button', { name: 'Advanced (fq)' }).click();
  const editor = page.getByLabel('Filter query (fq)');
  await editor.fill('platformType = "IOS" AND (');
  await expect(page.getByRole('alert')).toContainText('position');
  await expect(page.getByRole('button', { name: 'Apply fq' })).toBeDisabled();
  await editor.fill('regist');
  await expect(
    page.getByRole('listbox', { name: 'Field names' }).getByRole('option', { name: 'registrationState' }),
  ).toBeVisible();
  await editor.press('Tab');
  await expect(editor).toHaveValue('registrationState');
});

test('when a device is reassigned from its Owner tab, then the job follows it to success and the owner changes', async ({
  page,
}) => {
  // Only supervised iOS devices (and Android Enterprise ones) can be reassigned; the view comes from its URL.
  const filters = encodeURIComponent(JSON.stringify(['platform:IOS', 'supervised:true', 'registrationState:ACTIVE']));
  await page.goto(`/devices?f=${filters}&cols=deviceName%2CdisplayName%2CemailAddress`);
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Supervised: Yes');
  await tableSettled(page);
  const row = deviceRows(page).nth(2);
  const name = (await row.locator('td:nth-child(2)').innerText()).trim();
  const currentEmail = (await row.locator('td:nth-child(4)').innerText()).trim();
  let target = '';
  for (let index = 3; index < 20 && target === ''; index++) {
    const email = (await deviceRows(page).nth(index).locator('td:nth-child(4)').innerText()).trim();
    if (email !== currentEmail && email.includes('@')) target = email;
  }
  await row.click();
  const panel = page.getByRole('region', { name });
  await panel.getByRole('tab', { name: 'Owner' }).click();
  await expect(panel).toContainText(`Current owner: ${currentEmail}`);
  await panel.getByRole('button', { name: 'Reassign to another user…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Reassign/ });
  await dialog.getByRole('combobox', { name: 'New owner' }).fill(target.slice(0, 20));
  await dialog.getByRole('option', { name: new RegExp(target.replace(/[.+]/g, '\\$&')) }).click();
  await dialog.getByRole('button', { name: 'Check devices' }).click();
  await dialog.getByRole('button', { name: 'Reassign 1 device' }).click();
  await expect(dialog.getByText('Done.')).toBeVisible({ timeout: 60_000 });
  await expect(dialog.locator('.job-count-succeeded dd')).toHaveText('1');
  await expect(dialog.locator('.job-count-failed dd')).toHaveText('0');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toContainText(`Current owner: ${target}`);
  await expect(panel).toContainText('The last reassignment succeeded.');
});
