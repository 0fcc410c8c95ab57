import { deviceRows, deviceTotal, expect, signIn, test } from './fixtures.ts';

test('when only the keyboard is used, then search, table and details all work', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(deviceRows(page).first()).toBeVisible();
  const all = await deviceTotal(page);

  // "/" focuses the search; typing filters.
  await page.locator('body').press('/');
  const search = page.getByRole('searchbox', { name: 'Search devices' });
  await expect(search).toBeFocused();
  await page.keyboard.type('iPhone');
  await expect.poll(() => deviceTotal(page)).toBeLessThan(all);

  // Tab reaches the first row of the table; arrows move; Enter opens the device.
  const firstRow = deviceRows(page).first();
  for (let presses = 0; presses < 40; presses++) {
    if (await firstRow.evaluate((row) => row === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(firstRow).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = deviceRows(page).nth(2);
  await expect(third).toBeFocused();
  const name = (await third.locator('td:nth-child(2)').innerText()).trim();
  await page.keyboard.press('Space');
  await expect(third).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name })).toBeFocused();

  // The tabs follow the arrow keys.
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: `Actions for ${name}` })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Close device details' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('tab', { name: 'Overview' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByRole('tab', { name: 'Configurations' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/tab=configs/);

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page).not.toHaveURL(/device=/);
});
