import { deviceRows, expect, signIn, test } from './fixtures.ts';

test('when the helpdesk looks up a user by email, then the user and all their devices are shown', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Email' }).check();
  await page.keyboard.press('Escape');
  const email = (await deviceRows(page).first().locator('td:nth-child(4)').innerText()).trim();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Reset to default columns' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'helpdesk', '/helpdesk');
  await page.getByRole('searchbox', { name: 'Look up user' }).fill(email);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page).toHaveURL(/\/helpdesk\?q=/);
  const person = page.getByRole('region').filter({ hasText: email }).first();
  await expect(person).toBeVisible();
  const devices = person.getByRole('table', { name: 'Devices' }).locator('tbody tr');
  await expect(devices.first()).toBeVisible();
  for (const header of ['Last check-in', 'Compliance', 'Registration', 'Lost mode', 'Model', 'OS'])
    await expect(person.getByRole('columnheader', { name: header, exact: true })).toBeVisible();

  const device = devices.first().getByRole('link');
  const name = await device.innerText();
  await device.click();
  await expect(page).toHaveURL(/\/devices\?device=\d+/);
  await expect(page.getByRole('region', { name })).toBeVisible();
});
