import type { Page } from '@playwright/test';
import { deviceRows, deviceTotal, expect, signIn, tableSettled, test, watchForErrors } from './fixtures.ts';

const actionDialog = (page: Page) => page.getByRole('dialog');

/** The first device the signed-in user's search finds with these filters (the test needs one). */
async function firstDevice(page: Page, filters: string) {
  const found = await page.request.get(`/api/devices?size=1&${filters}`, { headers: { 'X-CSRF': '1' } });
  const device = ((await found.json()) as { rows: { id: number; deviceName: string; emailAddress: string }[] }).rows[0];
  if (!device) throw new Error(`no device matches ${filters}`);
  return device;
}

/** Waits for the job in the open dialog to finish and answers its "Succeeded" count. */
async function succeededWhenDone(page: Page): Promise<number> {
  const dialog = actionDialog(page);
  await expect(dialog.getByText('Done.')).toBeVisible({ timeout: 60_000 });
  const value = await dialog.locator('.job-count-succeeded dd').innerText();
  return Number(value.replace(/[^\d]/g, ''));
}

test('when a message is sent to 3 selected devices, then the preflight, undo window and progress follow', async ({
  page,
}) => {
  await signIn(page, 'admin', '/devices?f=registrationState%3AACTIVE');
  await tableSettled(page);
  for (let k = 0; k < 3; k++) await deviceRows(page).nth(k).getByRole('checkbox').click();
  await page.getByRole('button', { name: 'Actions for 3 selected devices' }).click();
  await page.getByRole('button', { name: 'Send message…' }).click();
  const dialog = actionDialog(page);
  await dialog.getByLabel('Message', { exact: true }).fill('Please restart your phone tonight.');
  await dialog.getByRole('button', { name: 'Check devices' }).click();
  await expect(dialog.getByText(/frozen for this action/)).toContainText('3 devices');
  await dialog.getByRole('button', { name: 'Send message 3 devices' }).click();
  await expect(dialog.getByRole('button', { name: 'Undo' })).toBeVisible();
  expect(await succeededWhenDone(page)).toBe(3);
});

test.describe('in a browser in New York', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('when a lock is scheduled for tomorrow, then it is listed as upcoming in the browser’s zone and can be cancelled before it runs', async ({
    page,
  }) => {
    await signIn(page, 'admin', '/devices?f=registrationState%3AACTIVE&f=platform%3AANDROID');
    await tableSettled(page);
    for (let k = 0; k < 2; k++) await deviceRows(page).nth(k).getByRole('checkbox').click();
    await page.getByRole('button', { name: 'Actions for 2 selected devices' }).click();
    await page.getByRole('button', { name: 'Lock…', exact: true }).click();
    const dialog = actionDialog(page);
    await expect(dialog.getByText(/frozen for this action/)).toContainText('2 devices');
    await dialog.getByRole('radio', { name: 'At a time' }).check();
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const tomorrow = await page.evaluate(() => {
      const at = new Date(Date.now() + 86_400_000);
      at.setMinutes(0, 0, 0);
      return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    await dialog.getByLabel(`Send at (${zone})`).fill(tomorrow);
    await dialog.getByRole('button', { name: 'Schedule: Lock 2 devices' }).click();
    await expect(dialog.getByRole('status')).toContainText(`Scheduled for`);
    await expect(dialog.getByRole('status')).toContainText(`(${zone})`);
    await dialog.getByRole('link', { name: 'Open in Activity' }).click();
    await expect(page.getByRole('term').filter({ hasText: 'Scheduled for' })).toBeVisible();
    const jobUrl = page.url();
    // The job keeps the instant the person meant, in UTC: their wall time in their zone.
    const meant = await page.evaluate((local) => new Date(local).toISOString(), tomorrow);
    const stored = await page.request.get(`/api${new URL(jobUrl).pathname.replace('/activity', '')}`, {
      headers: { 'X-CSRF': '1' },
    });
    expect(((await stored.json()) as { runAt: string }).runAt).toBe(meant);

    await page.getByRole('link', { name: '← Activity' }).click();
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    const row = upcoming.getByRole('row').filter({ has: page.locator(`a[href$="${new URL(jobUrl).pathname}"]`) });
    await expect(row).toContainText(`(${zone})`);
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await expect(page.locator('.job-state')).toHaveText('cancelled');
    await expect(page.locator('.job-count-cancelled dd')).toHaveText('2');
  });
});

test('when an OS update of 40 devices goes in waves of 5 with a manual pause, then each wave waits to be continued from the job page', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'admin', '/devices?f=registrationState%3AACTIVE&f=platform%3AIOS&f=supervised%3Atrue');
  await tableSettled(page);
  const first = deviceRows(page).first();
  await first.getByRole('checkbox').click();
  await first.focus();
  for (let k = 0; k < 39; k++) await page.keyboard.press('Shift+ArrowDown');
  await page.getByRole('button', { name: 'Actions for 40 selected devices' }).click();
  await page.getByRole('button', { name: 'Schedule OS update…' }).click();
  const dialog = actionDialog(page);
  await dialog.getByLabel('OS version (e.g. 17.6.1)').fill('17.6.1');
  await dialog.getByRole('button', { name: 'Check devices' }).click();
  await expect(dialog.getByText(/frozen for this action/)).toContainText('40 devices');
  await dialog.getByRole('checkbox', { name: 'Send in waves, halting on failures' }).check();
  await dialog.getByLabel('First wave').fill('5');
  await dialog.getByLabel('Then waves of').fill('5');
  await dialog.getByLabel('Halt above (% failed or unknown in a wave)').fill('10');
  await dialog.getByRole('radio', { name: 'Wait for someone to continue' }).check();
  await dialog.getByRole('button', { name: /^Schedule OS update \d+ devices$/ }).click();
  await expect(dialog.getByText(/^Paused after wave 1/)).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('link', { name: 'Open in Activity' }).click();

  const waves = page.getByRole('table', { name: 'Devices and outcomes per wave' });
  await expect(waves.getByRole('row')).toHaveCount(9);
  await expect(waves.getByRole('row').nth(1)).toContainText('1 (current)');
  for (let wave = 2; wave <= 8; wave++) {
    await page.getByRole('button', { name: `Continue with wave ${String(wave)}` }).click();
    await expect(waves.getByRole('row').nth(wave)).toContainText(`${String(wave)} (current)`);
  }
  await expect(page.locator('.job-state')).toHaveText('completed');
  for (let wave = 1; wave <= 8; wave++)
    await expect(waves.getByRole('row').nth(wave).getByRole('cell').nth(2)).toHaveText('5');
});

test('when a wipe of 30 devices needs approval, then the approver’s count moves live, a second admin approves it, and the receiver hears of it', async ({
  page,
  browser,
}) => {
  // The approver has the console open before the request: the count in their navigation moves on its own.
  const approverContext = await browser.newContext();
  const approver = await approverContext.newPage();
  const approverErrors: string[] = [];
  await watchForErrors(approver, approverErrors);
  await signIn(approver, 'approver', '/activity');
  const waitingBefore = await approver.evaluate(async () => {
    const response = await fetch('/api/approvals/waiting', { headers: { 'X-CSRF': '1' } });
    return ((await response.json()) as { waiting: number }).waiting;
  });

  await signIn(page, 'admin', '/devices?f=registrationState%3AACTIVE&f=platform%3AIOS');
  await tableSettled(page);
  const first = deviceRows(page).first();
  await first.getByRole('checkbox').click();
  await first.focus();
  for (let k = 0; k < 29; k++) await page.keyboard.press('Shift+ArrowDown');
  await page.getByRole('button', { name: 'Actions for 30 selected devices' }).click();
  await page.getByRole('button', { name: 'Wipe…' }).click();
  const dialog = actionDialog(page);
  await dialog.getByRole('checkbox', { name: /Preserve the data plan/ }).check();
  await dialog.getByRole('button', { name: 'Check devices' }).click();
  const confirm = dialog.getByRole('button', { name: 'Wipe 30 devices' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type wipe 30 to confirm/).fill('wipe 30');
  await confirm.click();
  await expect(dialog.getByText(/Waiting for a second administrator/)).toBeVisible();
  await dialog.getByRole('link', { name: 'Open in Activity' }).click();
  await expect(page.getByText('Waiting for another administrator to approve.')).toBeVisible();
  const jobUrl = page.url();

  const waiting = waitingBefore + 1;
  // Live, not at the next poll: well within the 15 s a periodic refresh would take.
  await expect(
    approver.getByRole('link', { name: `${String(waiting)} approval${waiting === 1 ? '' : 's'} waiting` }),
  ).toBeVisible({
    timeout: 5_000,
  });
  await approver.goto(jobUrl);
  // The approver sees the canary the wipe defaults to: 5 % of 30 devices first, then the rest.
  await expect(approver.getByText(/^In waves: first 2 devices, then 100% at a time/)).toBeVisible();
  await approver.getByRole('button', { name: 'Approve wipe of 30 devices' }).click();
  await expect(approver.locator('.job-state')).toHaveText(/scheduled|running|following|paused/);
  await approverContext.close();
  expect(approverErrors.filter((error) => !error.includes('status of 401'))).toEqual([]);

  // The requester's page follows the job live: the canary wiped, then the rest once continued.
  await expect(page.locator('.job-state')).toHaveText('paused', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Continue with wave 2' }).click();
  await expect(page.locator('.job-state')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.locator('.job-count-succeeded dd')).toHaveText('30');
  await expect(page.getByRole('cell', { name: 'WIPED' }).first()).toBeVisible();

  // The approval request and the end of the job went to the demo's webhook receiver, as the log shows.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
  const jobCell = page.getByRole('link', { name: `Job ${jobUrl.split('/').at(-1)?.slice(0, 8) ?? ''}` });
  const rows = page.getByRole('row').filter({ has: jobCell });
  await expect(rows.filter({ hasText: 'job.approval_requested' })).toContainText('Delivered');
  await expect(rows.filter({ hasText: 'job.finished' })).toContainText('Delivered');
});

test('when the helpdesk enables lost mode from the look-up, then the device is in lost mode', async ({ page }) => {
  await signIn(page, 'helpdesk', '/helpdesk');
  const device = await firstDevice(
    page,
    'f=platform:IOS&f=supervised:true&f=lostMode:false&f=registrationState:ACTIVE',
  );
  await page.getByRole('searchbox', { name: 'Look up user' }).fill(device.emailAddress);
  await page.getByRole('button', { name: 'Look up' }).click();
  const row = page.locator('tr').filter({ has: page.locator(`a[href*="device=${String(device.id)}"]`) });
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await row.getByRole('button', { name: 'Enable lost mode…' }).click();
  const dialog = actionDialog(page);
  await dialog.getByLabel('Message on the lock screen').fill('This phone is lost. Please call us.');
  await dialog.getByLabel('Phone number to call').fill('+1 555 0100');
  await dialog.getByLabel('Footnote (up to 15 characters)').fill('ACME IT');
  await dialog.getByRole('button', { name: 'Check devices' }).click();
  await dialog.getByRole('button', { name: 'Enable lost mode 1 device' }).click();
  expect(await succeededWhenDone(page)).toBe(1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(row.getByRole('cell', { name: 'Yes' })).toBeVisible();
});

test('when all matching devices are chosen, then the confirmed count equals the table’s total', async ({ page }) => {
  await signIn(page, 'admin', '/devices?f=platform%3AANDROID');
  await tableSettled(page);
  const total = await deviceTotal(page);
  await page.getByRole('checkbox', { name: 'Select all loaded devices' }).check();
  // Offered only when more match than are loaded: the action then goes by filter, frozen by the BFF.
  await page.getByRole('button', { name: `Select all ${total.toLocaleString('en-US')} matching` }).click();
  await page.getByRole('button', { name: /^Actions for .* selected devices?$/ }).click();
  await page.getByRole('button', { name: 'Force check-in…' }).click();
  const dialog = actionDialog(page);
  await expect(dialog.getByText(/frozen for this action/)).toContainText(`${total.toLocaleString('en-US')} device`);
  await dialog.getByRole('button', { name: /^Force check-in [\d,]+ devices?$/ }).click();
  await succeededWhenDone(page);
  const counts = await dialog.locator('.job-counts dd').allInnerTexts();
  const sum = counts.reduce((acc, text) => acc + Number(text.replace(/[^\d]/g, '')), 0);
  expect(sum).toBe(total);
});

test('when the helpdesk locks all of one person’s devices from the look-up, then each of them is locked', async ({
  page,
}) => {
  await signIn(page, 'helpdesk', '/helpdesk');
  // Someone with several devices, so that the action is about all of them.
  const found = await page.request.get('/api/devices?size=500&sort=id&order=desc&f=registrationState%3AACTIVE', {
    headers: { 'X-CSRF': '1' },
  });
  const owners = ((await found.json()) as { rows: { emailAddress: string | null }[] }).rows.map(
    (row) => row.emailAddress,
  );
  const email = owners.find((owner, k) => owner !== null && owners.indexOf(owner) !== k);
  if (!email) throw new Error('no one has two active devices among the last 500');
  const device = { emailAddress: email };
  await page.getByRole('searchbox', { name: 'Look up user' }).fill(device.emailAddress);
  await page.getByRole('button', { name: 'Look up' }).click();
  const person = page.getByRole('region').filter({ hasText: device.emailAddress }).first();
  const rows = person.getByRole('table', { name: 'Devices' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  await person.getByRole('button', { name: /^Actions for all \d+ devices of / }).click();
  await person.getByRole('button', { name: 'Lock…', exact: true }).click();
  const dialog = actionDialog(page);
  await expect(dialog.getByRole('heading')).toContainText('Lock: all devices of');
  await expect(dialog.getByText(/frozen for this action/)).toContainText(`${String(count)} device`);
  const eligible = Number(
    ((await dialog.getByRole('button', { name: /^Lock \d+ devices?$/ }).innerText()).match(/\d+/) ?? ['0'])[0],
  );
  await dialog.getByRole('button', { name: /^Lock \d+ devices?$/ }).click();
  expect(await succeededWhenDone(page)).toBe(eligible);
});
