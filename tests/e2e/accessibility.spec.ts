import { deviceRows, expect, expectNoAxeViolations, signIn, test } from './fixtures.ts';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('when every page is shown, then axe finds no violation', async ({ page }) => {
      // Fifteen axe scans: about 12 s of CPU on an idle machine (a full scan of the devices page alone is 2 s;
      // parts that change are scanned alone). Other work on the same two cores may slow it several times.
      test.setTimeout(90_000);
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectNoAxeViolations(page);

      await signIn(page, 'admin');
      await expect(deviceRows(page).first()).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      await expectNoAxeViolations(page);

      await deviceRows(page).first().click();
      await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
      // Opening a device adds its panel; the page around it was scanned just above. Each tab then changes its panel.
      await expectNoAxeViolations(page, '.device-panel');
      for (const tab of [
        'Overview',
        'Configurations',
        'Policies',
        'Certificates',
        'Custom attributes',
        'Owner',
        'Activity',
      ]) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tabpanel')).not.toContainText('Loading');
        await expectNoAxeViolations(page, '[role="tabpanel"]');
      }

      await page.getByRole('button', { name: 'Columns' }).click();
      await expectNoAxeViolations(page, '.column-chooser');
      await page.keyboard.press('Escape');

      await page.getByRole('link', { name: 'Helpdesk' }).click();
      await page.getByRole('searchbox', { name: 'Look up user' }).fill('a');
      await page.getByRole('button', { name: 'Look up' }).click();
      await expect(page.getByRole('region').first()).toBeVisible();
      await expectNoAxeViolations(page);

      for (const [link, heading] of [
        ['Overview', 'Overview'],
        ['Activity', 'Activity'],
        ['DEP', 'Apple DEP'],
        ['Webhooks', 'Webhooks'],
      ] as const) {
        await page.getByRole('link', { name: link, exact: true }).click();
        await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
        await expect(page.getByRole('status')).toHaveCount(0);
        await expectNoAxeViolations(page);
      }
    });
  });
}
