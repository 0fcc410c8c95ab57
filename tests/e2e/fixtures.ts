import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';

import { DEMO_PASSWORD, type DemoEmail } from '@mdm-console/contract';

export { DEMO_PASSWORD };
/** A demo login by the name before its @: admin, approver, helpdesk, viewer. */
export type DemoRole = DemoEmail extends `${infer Name}@demo.local` ? Name : never;
export const demoEmail = (role: DemoRole): DemoEmail => `${role}@demo.local`;

/**
 * The page's first requests, made before the app knows whether anyone is signed in
 * (apps/web/src/app/first-requests.ts).
 */
const FIRST_REQUESTS = new Set(['/api/session', '/api/devices']);

/**
 * The one console error a correct page shows: the browser logs the 401 of the page's first requests (the session
 * probe, and the devices page's first search started beside it) made before anyone signed in. Every other console
 * error or page error fails the test.
 */
function isExpectedAnonymousProbe(message: ConsoleMessage): boolean {
  return (
    message.text().includes('status of 401') &&
    FIRST_REQUESTS.has(new URL(message.location().url || 'http://x/').pathname)
  );
}

/**
 * Collects console errors, page errors and Content-Security-Policy violations. The browser reports a violation
 * (even a caught one, such as a library probing for eval) only in DevTools' Issues panel: the page reports it here.
 */
export async function watchForErrors(page: Page, errors: string[]): Promise<void> {
  await page.exposeFunction('reportCspViolation', (text: string) => errors.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
    document.addEventListener('securitypolicyviolation', (event) => {
      report(`${event.violatedDirective} by ${event.sourceFile}:${String(event.lineNumber)}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !isExpectedAnonymousProbe(message)) errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
}

export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      await watchForErrors(page, errors);
      await use(errors);
      expect(errors, 'console and page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** For tests whose subject is a refusal: the browser logs the 401 or 400 answer itself; drop just those. */
export function acceptLoggedStatus(errors: string[], status: 400 | 401): void {
  const kept = errors.filter((error) => !error.includes(`status of ${status}`));
  errors.splice(0, errors.length, ...kept);
}

export async function signIn(page: Page, role: DemoRole, path = '/devices'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(demoEmail(role));
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: /^User menu/ })).toBeVisible();
}

/** The number in "1,234 devices" (the table's total). */
export async function deviceTotal(page: Page): Promise<number> {
  const text = await resultCount(page).innerText();
  const match = /^([\d,.\s\u202f]+) devices?/.exec(text);
  return Number((match?.[1] ?? '').replace(/[^\d]/g, ''));
}

/**
 * Runs axe on the page, or on the part `within` names (a CSS selector) when only that part changed: a scan of the
 * whole devices page takes about 2 s of CPU, so scanning it again for every tab would make the test CPU-bound.
 */
export async function expectNoAxeViolations(page: Page, within?: string): Promise<void> {
  const builder = new AxeBuilder({ page });
  const results = await (within === undefined ? builder : builder.include(within)).analyze();
  expect(
    results.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

/** Rows of the devices grid (not its header). */
export const deviceRows = (page: Page) => page.getByRole('grid', { name: 'Devices' }).locator('tbody tr');

/** The live count above the table: "1,234 devices" or "12 devices of 3,000". */
export const resultCount = (page: Page) => page.getByRole('status').filter({ hasText: /^[\d,.\s\u202f]+ devices?\b/ });

/** Waits until the table shows the answer to the current view (no search in flight). */
export async function tableSettled(page: Page): Promise<void> {
  await expect(resultCount(page)).toBeVisible();
  await expect(resultCount(page)).not.toContainText('updating');
}
