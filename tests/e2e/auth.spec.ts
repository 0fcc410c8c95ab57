import { DEMO_PASSWORD, acceptLoggedStatus, demoEmail, expect, signIn, test } from './fixtures.ts';

test('when an anonymous user opens a view, then they sign in and land back on that view', async ({ page }) => {
  // The page starts its first search before it knows who is signed in: the table must still never be shown.
  await page.addInitScript(() => {
    new MutationObserver((_changes, observer) => {
      if (!document.querySelector('table[aria-label="Devices"]')) return;
      document.documentElement.dataset.devicesTableShown = 'true';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/devices?q=iPhone');
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.devicesTableShown)).toBeUndefined();
  await page.getByLabel('Email').fill('viewer@demo.local');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/devices\?q=iPhone$/);
  await expect(page.getByRole('searchbox', { name: 'Search devices' })).toHaveValue('iPhone');
});

test('when a user signs out, then the session is gone and the views ask to sign in again', async ({ page }) => {
  await signIn(page, 'helpdesk');
  const menu = page.getByRole('button', { name: /^User menu/ });
  await expect(menu).toContainText('helpdesk');
  await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.goto('/helpdesk');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('when the password is wrong, then the page says so and stays on sign-in', async ({ page, errors }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(demoEmail('admin'));
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/password/i);
  acceptLoggedStatus(errors, 401);
});

test('when the session ends on the server, then the next call returns to sign-in and back afterwards', async ({
  page,
  context,
  errors,
}) => {
  await signIn(page, 'admin', '/devices?sort=deviceName&order=asc');
  await page.mouse.move(0, 0);
  await context.clearCookies();
  await page.getByRole('searchbox', { name: 'Search devices' }).fill('iPad');
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  await page.getByLabel('Email').fill(demoEmail('admin'));
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/devices\?.*sort=deviceName/);
  await expect(page).toHaveURL(/q=iPad/);
  acceptLoggedStatus(errors, 401);
});
