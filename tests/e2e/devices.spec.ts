import { deviceRows, deviceTotal, expect, resultCount, signIn, tableSettled, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await signIn(page, 'admin');
  await expect(deviceRows(page).first()).toBeVisible();
});

test('when text is typed in the search box, then only matching devices are listed', async ({ page }) => {
  const all = await deviceTotal(page);
  const user = (await deviceRows(page).first().getByRole('gridcell').nth(2).innerText()).trim();
  await page.getByRole('searchbox', { name: 'Search devices' }).fill(user);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(user).replace(/%20/g, '(%20|\\+)')}`));
  await expect.poll(() => deviceTotal(page)).toBeLessThan(all);
  const users = await deviceRows(page).locator('td:nth-child(3)').allInnerTexts();
  expect(users.length).toBeGreaterThan(0);
  for (const name of users) expect(name).toContain(user.split(' ')[0]);
});

test('when facet values are ticked, then values of one facet are ORed, chips show them, and clear all resets', async ({
  page,
}) => {
  const all = await deviceTotal(page);
  const filters = page.getByRole('complementary', { name: 'Filters' });
  const ios = filters.getByRole('checkbox', { name: /^iOS/ });
  const android = filters.getByRole('checkbox', { name: /^Android/ });
  const countOf = async (name: RegExp) =>
    Number(
      (
        await filters
          .getByRole('group', { name: 'Platform' })
          .locator('label')
          .filter({ hasText: name })
          .locator('.facet-count')
          .innerText()
      ).replace(/[^\d]/g, ''),
    );
  const iosCount = await countOf(/^iOS/);
  const androidCount = await countOf(/^Android/);

  await ios.check();
  await expect.poll(() => deviceTotal(page)).toBe(iosCount);
  await expect(page.getByRole('list', { name: 'Active filters' }).getByText('Platform: iOS')).toBeVisible();
  // The platform facet still counts Android with iOS selected (multi-select): ticking it adds those devices.
  await android.check();
  await expect.poll(() => deviceTotal(page)).toBe(iosCount + androidCount);

  await filters.getByRole('checkbox', { name: /^Not compliant/ }).check();
  await expect.poll(() => deviceTotal(page)).toBeLessThan(iosCount + androidCount);

  await page.getByRole('button', { name: 'Remove filter Platform: iOS' }).click();
  await expect(ios).not.toBeChecked();
  await expect(page.getByRole('list', { name: 'Active filters' }).getByText('Platform: iOS')).toHaveCount(0);

  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect.poll(() => deviceTotal(page)).toBe(all);
  await expect(page.getByRole('list', { name: 'Active filters' })).toHaveCount(0);
});

test('when a column header is clicked, then the server sorts by it and the header says so', async ({ page }) => {
  const grid = page.getByRole('grid', { name: 'Devices' });
  await grid.getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=deviceName/);
  await expect(grid.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await deviceRows(page).first().locator('td:nth-child(2)').innerText();
  await grid.getByRole('button', { name: 'Name' }).click();
  await expect(grid.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(deviceRows(page).first().locator('td:nth-child(2)')).not.toHaveText(ascending);
});

test('when columns are chosen, then the choice survives a reload and a fresh visit', async ({ page }) => {
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Serial' }).check();
  await page.getByRole('checkbox', { name: 'Model' }).uncheck();
  await page.keyboard.press('Escape');
  const grid = page.getByRole('grid', { name: 'Devices' });
  await expect(grid.getByRole('columnheader', { name: /^Serial/ })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /^Model/ })).toHaveCount(0);
  await page.reload();
  await expect(grid.getByRole('columnheader', { name: /^Serial/ })).toBeVisible();
  await page.goto('/overview');
  await page.getByRole('link', { name: 'Devices' }).click();
  await expect(grid.getByRole('columnheader', { name: /^Serial/ })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /^Model/ })).toHaveCount(0);
  // Back to the defaults so other tests see the usual columns.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Reset to default columns' }).click();
  await expect(grid.getByRole('columnheader', { name: /^Model/ })).toBeVisible();
});

test('when a view URL is opened in a new page, then it shows the same view', async ({ page, context }) => {
  const filters = page.getByRole('complementary', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: /^Android/ }).check();
  await filters.getByRole('radio', { name: 'Last 30 days' }).first().check();
  await page.getByRole('grid', { name: 'Devices' }).getByRole('button', { name: 'Model' }).click();
  await expect(page).toHaveURL(/sort=prettyModel/);
  await tableSettled(page);
  const title = (await deviceRows(page).first().locator('td:nth-child(2)').innerText()).trim();
  await deviceRows(page).first().click();
  await page.getByRole('tab', { name: 'Certificates' }).click();
  const total = await deviceTotal(page);
  const url = page.url();

  const other = await context.newPage();
  await other.goto(url);
  await expect(resultCount(other)).toHaveText(await resultCount(page).innerText());
  expect(await deviceTotal(other)).toBe(total);
  await expect(other.getByRole('list', { name: 'Active filters' })).toContainText('Platform: Android');
  await expect(other.getByRole('list', { name: 'Active filters' })).toContainText('Last check-in: Last 30 days');
  await expect(other.getByRole('columnheader', { name: /Model/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(other.getByRole('region', { name: title })).toBeVisible();
  await expect(other.getByRole('tab', { name: 'Certificates' })).toHaveAttribute('aria-selected', 'true');
  await other.close();
});

test('when the devices page is loaded, then the session and its first search are each asked once: the app takes the answers the inline first script started', async ({
  page,
}) => {
  const asked: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === '/api/session' || pathname === '/api/devices') asked.push(pathname);
  });
  await page.reload();
  await expect(deviceRows(page).first()).toBeVisible();
  await tableSettled(page);
  expect(asked.sort()).toEqual(['/api/devices', '/api/session']);
});
