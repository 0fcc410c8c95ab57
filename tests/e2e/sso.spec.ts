import { DEMO_PASSWORD, DEMO_SSO_USERS } from '@mdm-console/contract';
import type { Page } from '@playwright/test';
import { deviceRows, expect, test } from './fixtures.ts';

// Single sign-on in a real browser: the demo OpenID provider runs on 127.0.0.1 and the console on localhost, two
// different sites, so the provider's redirect back is a cross-site navigation as with a company's provider.

const [ADA, HUGO, , NOBODY] = DEMO_SSO_USERS;

async function signInThroughProvider(page: Page, email: string): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with the demo provider' }).click();
  await expect(page.getByRole('heading', { name: 'Demo identity provider' })).toBeVisible();
  expect(new URL(page.url()).hostname).toBe('127.0.0.1');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('when a person signs in through the provider, then the first page after it is signed in and is the one asked for', async ({
  page,
}) => {
  const documents: { url: string; cookie: string }[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && new URL(request.url()).hostname === 'localhost')
      void request.allHeaders().then((headers) => documents.push({ url: request.url(), cookie: headers.cookie ?? '' }));
  });
  await page.goto('/devices?q=iPad');
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  await signInThroughProvider(page, ADA.email);
  await expect(page).toHaveURL(/\/devices\?q=iPad$/);
  await expect(page.getByRole('button', { name: /^User menu/ })).toContainText('admin');
  await expect(deviceRows(page).first()).toBeVisible();
  // The SameSite=Strict session cookie went with the first navigation after the provider's redirect back.
  const landing = documents.filter((document) => new URL(document.url).pathname === '/devices').at(-1);
  expect(landing?.cookie).toContain('__Host-mdm-session=');
});

test('when a person in no mapped group signs in, then no session begins and the page says what to do', async ({
  page,
  errors,
}) => {
  await page.goto('/sign-in');
  await signInThroughProvider(page, NOBODY.email);
  await expect(page).toHaveURL(/\/sign-in\?sso=NO_ROLE/);
  await expect(page.getByRole('alert')).toContainText('Your account has no role in mdm-console; ask');
  await page.goto('/devices');
  await expect(page).toHaveURL(/\/sign-in\?redirect=/);
  errors.splice(0, errors.length, ...errors.filter((error) => !error.includes('status of 401')));
});

test('when the EMEA helpdesk signs in, then only the EMEA space is offered and the devices are EMEA’s', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signInThroughProvider(page, HUGO.email);
  await expect(page.getByRole('button', { name: /^User menu/ })).toContainText('helpdesk');
  const selector = page.getByRole('combobox', { name: /space/i });
  await expect(selector.locator('option')).toHaveText([/^EMEA/]);
  await expect(deviceRows(page).first()).toBeVisible();
});

test('when a person who came through the provider signs out, then the provider ends its session too', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await signInThroughProvider(page, ADA.email);
  await page.getByRole('button', { name: /^User menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/localhost:\d+\/sign-in$/);
  await page.getByRole('link', { name: 'Sign in with the demo provider' }).click();
  // No single sign-on without the password again: the provider forgot the person.
  await expect(page.getByLabel('Password')).toBeVisible();
});
