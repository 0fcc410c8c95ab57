import type { Page } from '@playwright/test';
import { deviceRows, expect, signIn, test } from './fixtures.ts';

/** What the first screen showed when it was painted, and whether any table showed before sign-in. */
interface Seen {
  firstScreen: { headers: string[]; rows: string[][] } | null;
  tableShown: boolean;
}

/**
 * Records, in every document of `page`, the first screen's headers and rows as they were painted (apps/web/src/app/
 * first-screen-paint.ts: it is gone once the app shows its own table), and whether any table was ever in the page.
 */
async function watchFirstScreen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Seen = { firstScreen: null, tableShown: false };
    Object.assign(window, { firstScreenSeen: seen });
    const texts = (nodes: Iterable<Element>) => [...nodes].map((node) => node.textContent);
    new MutationObserver(() => {
      if (document.querySelector('table')) seen.tableShown = true;
      const screen = document.getElementById('first-screen');
      if (!screen || seen.firstScreen) return;
      seen.firstScreen = {
        // Without the selection column.
        headers: texts(screen.querySelectorAll('thead th')).slice(1),
        rows: [...screen.querySelectorAll('tbody tr')].map((row) => texts(row.querySelectorAll('td')).slice(1)),
      };
    }).observe(document, { childList: true, subtree: true });
  });
}

const seenIn = (page: Page): Promise<Seen> =>
  page.evaluate(() => (window as unknown as { firstScreenSeen: Seen }).firstScreenSeen);

async function expectFirstScreenMatchesTable(page: Page): Promise<void> {
  await expect(deviceRows(page).first()).toBeVisible();
  const { firstScreen } = await seenIn(page);
  expect(firstScreen, 'the first rows were painted before the app').not.toBeNull();
  const painted = firstScreen ?? { headers: [], rows: [] };
  expect(painted.rows.length).toBeGreaterThan(5);
  const grid = page.getByRole('grid', { name: 'Devices' });
  expect(painted.headers).toEqual((await grid.getByRole('columnheader').allTextContents()).slice(1));
  for (const [index, cells] of painted.rows.entries())
    expect(cells, `row ${String(index + 1)}`).toEqual(
      (await deviceRows(page).nth(index).getByRole('gridcell').allTextContents()).slice(1),
    );
  // The app's table replaced it: nothing hidden stays over the page.
  await expect(page.locator('#first-screen')).toHaveCount(0);
}

test('when a signed-in admin opens the devices page, then its first rows show before the app has loaded, as the app then shows them', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await watchFirstScreen(page);
  await page.reload();
  await expectFirstScreenMatchesTable(page);
});

test('when the address chooses columns and a sort, then the first screen shows those, as the app does', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await watchFirstScreen(page);
  await page.goto('/devices?sort=deviceName&order=asc&cols=deviceName,serialNumber,complianceState,lastCheckin,id');
  await expectFirstScreenMatchesTable(page);
  expect((await seenIn(page)).firstScreen?.headers).toEqual(['Name▲', 'Serial', 'Compliance', 'Last check-in', 'ID']);
});

test('when nobody is signed in, then no device row is painted before sign-in', async ({ page }) => {
  await watchFirstScreen(page);
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await seenIn(page)).toEqual({ firstScreen: null, tableShown: false });
});
