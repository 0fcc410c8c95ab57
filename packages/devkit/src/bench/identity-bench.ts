import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_EMEA_SPACE, DEMO_PASSWORD, DEMO_SSO_USERS } from '@mdm-console/contract';
import { startBffProcess, type BffProcess } from '../bff-process.ts';
import { CookieBrowser, throughProvider } from '../cookie-browser.ts';
import { tenantSettings } from '../dev-tenant.ts';
import { signInAs, startBenchStack } from './bench-stack.ts';
import { summarize, type LatencySummary } from './stats.ts';

const SEARCHES = [
  `/api/devices?size=50&space=${String(DEMO_EMEA_SPACE)}`,
  `/api/devices?size=50&space=${String(DEMO_EMEA_SPACE)}&f=platform:IOS`,
  `/api/devices?size=50&space=${String(DEMO_EMEA_SPACE)}&sort=deviceName&order=asc`,
];
const ROUNDS = 300;
const SIGN_INS = 40;

async function timedSearch(base: string, cookie: string, path: string): Promise<number> {
  const began = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { 'x-csrf': '1', cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${path}: ${String(response.status)}`);
  return performance.now() - began;
}

export interface IdentityBenchResult {
  /** Searches of one space by a user limited to it and by a global admin, interleaved, on this BFF. */
  scopedSearch: LatencySummary;
  globalSearch: LatencySummary;
  /** The same searches on a baseline BFF (an earlier checkout) beside this one, when BENCH_BASELINE names it. */
  baseline: { checkout: string; search: LatencySummary; current: LatencySummary } | null;
  /** From "Sign in with…" to the session cookie, through the demo provider on loopback. */
  ssoSignIn: LatencySummary;
}

/**
 * Identity figures: what limiting a role to spaces costs a search (against a global user on the same BFF, and against
 * the BFF before the check existed, run side by side on the same tenant), and the sign-in round trip through an
 * OpenID provider on loopback.
 */
export async function benchIdentity(): Promise<IdentityBenchResult> {
  const stack = await startBenchStack();
  const base = stack.bff.url;
  const checkout = process.env.BENCH_BASELINE;
  const dir = mkdtempSync(join(tmpdir(), 'mdm-bench-baseline-'));
  let baselineBff: BffProcess | undefined;
  try {
    const scoped = await signInAs(base, 'emea-helpdesk@demo.local');
    const admin = await signInAs(base, 'admin@demo.local');
    if (checkout !== undefined)
      baselineBff = await startBffProcess(
        { ...tenantSettings(stack.sim.url), DEMO_MODE: 'true', PORT: '0', DATABASE_URL: join(dir, 'base.sqlite') },
        { quiet: true, checkout },
      );
    const baselineAdmin = baselineBff ? await signInAs(baselineBff.url, 'admin@demo.local') : '';
    const scopedTimes: number[] = [];
    const globalTimes: number[] = [];
    const baselineTimes: number[] = [];
    for (let round = -30; round < ROUNDS; round += 1) {
      const path = SEARCHES[((round % SEARCHES.length) + SEARCHES.length) % SEARCHES.length] ?? '';
      // The order alternates, so that neither side always meets a warmer cache.
      const runs: [string, string, number[]][] = [
        [base, scoped, scopedTimes],
        [base, admin, globalTimes],
        ...(baselineBff ? [[baselineBff.url, baselineAdmin, baselineTimes] as [string, string, number[]]] : []),
      ];
      if (round % 2 === 0) runs.reverse();
      for (const [url, cookie, times] of runs) {
        const ms = await timedSearch(url, cookie, path);
        if (round >= 0) times.push(ms);
      }
    }

    const ssoTimes: number[] = [];
    const person = { email: DEMO_SSO_USERS[0].email, password: DEMO_PASSWORD };
    for (let k = -5; k < SIGN_INS; k += 1) {
      const browser = new CookieBrowser();
      const began = performance.now();
      const { callbackUrl } = await throughProvider(browser, base, person);
      const landed = await browser.fetch(callbackUrl);
      if (landed.status !== 200 || browser.cookie(base, '__Host-mdm-session') === undefined)
        throw new Error(`single sign-on failed: ${String(landed.status)}`);
      if (k >= 0) ssoTimes.push(performance.now() - began);
    }
    return {
      scopedSearch: summarize(scopedTimes),
      globalSearch: summarize(globalTimes),
      baseline:
        checkout === undefined
          ? null
          : { checkout, search: summarize(baselineTimes), current: summarize([...scopedTimes, ...globalTimes]) },
      ssoSignIn: summarize(ssoTimes),
    };
  } finally {
    await baselineBff?.stop();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
