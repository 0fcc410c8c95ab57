import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { existsSync } from 'node:fs';
import { DEMO_PASSWORD } from '@mdm-console/contract';
import { startBffProcess, type BffProcess } from '../bff-process.ts';
import { startDemoStack } from '../demo-stack.ts';
import { tenantSettings } from '../dev-tenant.ts';
import { DEMO_ADMIN } from './bench-stack.ts';
import { quantile, summarize, type LatencySummary } from './stats.ts';

const ROW_HEIGHT = 36;
const VSYNC_MS = 1000 / 60;
/** 100 px per frame at 60 Hz: 6,000 px/s, about 170 rows a second, a brisk continuous scroll. */
const SCROLL_STEP_PX = 100;
const SCROLL_RUNS = 3;

export interface FirstRows {
  coldMs: number;
  warm: LatencySummary;
  criticalPath: Record<keyof CriticalPath, number | null>;
}

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
}

const LIGHTHOUSE_RUNS = 3;
// The first of each build is cold; the other twenty are compared (ten were too few against the baseline's drift).
const NAVIGATIONS = 21;

export interface WebBenchResult {
  devices: number;
  /** Each navigation in a new tab. */
  firstRows: FirstRows;
  /** Each navigation in the same open tab (a reload). */
  sameTab: FirstRows;
  /** The same navigations on an earlier build (BENCH_BASELINE), each made right after one of these. */
  baseline: (FirstRows & { checkout: string; sameTab: FirstRows }) | null;
  facetClick: LatencySummary;
  scroll: {
    rows: number;
    stepPx: number;
    frames: number;
    onTimeShare: number;
    frameP95Ms: number;
    longFrames: number;
    /** The renderer's main thread busy time (CDP TaskDuration) per frame, ms. */
    mainThreadMsPerFrame: number;
    seconds: number;
    /** Share of frames on time in each run, %. */
    runs: number[];
  };
  lighthouse: LighthouseScores[];
}

async function signIn(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email').fill(DEMO_ADMIN);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^User menu/ }).waitFor();
  await page.close();
}

/** Milestones of one navigation to the devices page, in ms from its start (null when not seen). */
export interface CriticalPath {
  entryEvaluated: number | null;
  sessionStart: number | null;
  sessionEnd: number | null;
  routeChunksStart: number | null;
  routeChunksEnd: number | null;
  searchStart: number | null;
  searchEnd: number | null;
  firstRows: number;
}

/**
 * The rows of the app's own table, which scrolls and filters (not those of the first screen, painted before the app
 * has loaded and gone once it shows its own).
 */
const appRows = (page: Page) => page.locator('#root table[aria-label="Devices"] tbody tr');

/** Marks the moment the first rows of each document of `page` are painted (the frame after they are in the table). */
async function watchFirstRows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('table[aria-label="Devices"] tbody tr')) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        document.documentElement.dataset.firstRowsAt = String(performance.now());
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

/**
 * The navigation's critical path: entry evaluated, session, the route's chunks, the first search, first rows. In a new
 * tab by default (a renderer of its own, as when the console is opened from a bookmark); in `tab` when given (the same
 * renderer again, as when an admin reloads the page or comes back to it).
 */
async function timeToFirstRows(context: BrowserContext, url: string, tab?: Page): Promise<CriticalPath> {
  // The entry's own scripts are those index.html names; the route's chunks are the others.
  const html = await (await fetch(`${url}/devices`)).text();
  const entryScripts = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map(
    (match) => new URL(match[1] ?? '', url).href,
  );
  const page = tab ?? (await context.newPage());
  if (!tab) await watchFirstRows(page);
  await page.goto(`${url}/devices`);
  await page.waitForFunction(() => document.documentElement.dataset.firstRowsAt !== undefined);
  // The app's own table too: its code may run after the first rows are painted, and its milestones are read below.
  await appRows(page).first().waitFor();
  const path = await page.evaluate((entry: string[]): CriticalPath => {
    const resources = performance
      .getEntriesByType('resource')
      .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming);
    const first = (match: (path: string) => boolean) =>
      resources.find((entry) => match(new URL(entry.name).pathname + new URL(entry.name).search));
    const session = first((path) => path === '/api/session');
    const search = first((path) => path.startsWith('/api/devices?'));
    const entryScripts = new Set(entry);
    const chunks = resources.filter(
      (entry) => entry.initiatorType !== 'fetch' && entry.name.endsWith('.js') && !entryScripts.has(entry.name),
    );
    const evaluated = performance.getEntriesByName('mdm:entry-evaluated')[0];
    return {
      entryEvaluated: evaluated ? evaluated.startTime : null,
      sessionStart: session ? session.startTime : null,
      sessionEnd: session ? session.responseEnd : null,
      routeChunksStart: chunks.length > 0 ? Math.min(...chunks.map((entry) => entry.startTime)) : null,
      routeChunksEnd: chunks.length > 0 ? Math.max(...chunks.map((entry) => entry.responseEnd)) : null,
      searchStart: search ? search.startTime : null,
      searchEnd: search ? search.responseEnd : null,
      firstRows: Number(document.documentElement.dataset.firstRowsAt),
    };
  }, entryScripts);
  if (!tab) await page.close();
  return path;
}

/** The median of each milestone over the warm navigations. */
function medianPath(paths: readonly CriticalPath[]): Record<keyof CriticalPath, number | null> {
  const median = (key: keyof CriticalPath): number | null => {
    const values = paths.map((path) => path[key]).filter((value): value is number => value !== null);
    return values.length === 0 ? null : Math.round(quantile(values, 0.5));
  };
  return {
    entryEvaluated: median('entryEvaluated'),
    sessionStart: median('sessionStart'),
    sessionEnd: median('sessionEnd'),
    routeChunksStart: median('routeChunksStart'),
    routeChunksEnd: median('routeChunksEnd'),
    searchStart: median('searchStart'),
    searchEnd: median('searchEnd'),
    firstRows: median('firstRows'),
  };
}

/** The cold navigation, and the warm ones' first rows, search start and critical path. */
function firstRowsOf(paths: readonly CriticalPath[]): FirstRows {
  const [cold, ...warm] = paths;
  return {
    coldMs: Math.round(cold?.firstRows ?? NaN),
    warm: summarize(warm.map((path) => path.firstRows)),
    criticalPath: medianPath(warm),
  };
}

/**
 * A BFF of an earlier checkout (BENCH_BASELINE: its root, with `npm ci` and `npm run build` done there), serving its own
 * build against the same simulated tenant, so that the two builds are compared on the same machine at the same time.
 */
async function startBaseline(checkout: string, simUrl: string, dataDir: string): Promise<BffProcess> {
  if (!existsSync(join(checkout, 'apps/web/dist/index.html')))
    throw new Error(`BENCH_BASELINE=${checkout} has no web build: run npm ci and npm run build there first.`);
  return startBffProcess(
    {
      ...tenantSettings(simUrl),
      DEMO_MODE: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: join(dataDir, 'baseline.sqlite'),
    },
    { quiet: true, checkout },
  );
}

/** Click a facet value; time until the table shows the new answer (count changed, no request in flight). */
function clickFacet(page: Page, group: string, index: number): Promise<number> {
  return page.evaluate(
    ([groupName, valueIndex]) =>
      new Promise<number>((resolve, reject) => {
        const fieldset = [...document.querySelectorAll('fieldset.facet')].find(
          (element) => element.querySelector('legend')?.textContent === groupName,
        );
        const box = fieldset?.querySelectorAll<HTMLInputElement>('input[type=checkbox]')[valueIndex];
        const count = document.querySelector('#root .result-count');
        const scroller = document.querySelector('#root .table-scroll');
        if (!box || !count || !scroller) {
          reject(new Error(`no facet ${groupName}[${valueIndex}]`));
          return;
        }
        const before = count.textContent;
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (count.textContent === before || scroller.getAttribute('aria-busy') !== 'false') return;
          observer.disconnect();
          requestAnimationFrame(() => {
            resolve(performance.now() - started);
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        box.click();
      }),
    [group, index] as const,
  );
}

/** Scrolls the table by a fixed step per frame until `rows` rows are passed; frame intervals from rAF timestamps. */
function scrollRows(page: Page, rows: number) {
  return page.evaluate(
    ([targetRows, rowHeight, stepPx]) =>
      new Promise<{ deltas: number[]; longFrames: number; seconds: number }>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('#root .table-scroll');
        if (!scroller) throw new Error('no table');
        let longFrames = 0;
        new PerformanceObserver((list) => {
          longFrames += list.getEntries().length;
        }).observe({ type: 'long-animation-frame', buffered: false });
        const deltas: number[] = [];
        const started = performance.now();
        let last = started;
        const step = (now: number) => {
          deltas.push(now - last);
          last = now;
          scroller.scrollTop += stepPx;
          if (scroller.scrollTop >= targetRows * rowHeight)
            resolve({ deltas: deltas.slice(1), longFrames, seconds: (now - started) / 1000 });
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    [rows, ROW_HEIGHT, SCROLL_STEP_PX] as const,
  );
}

async function runLighthouse(url: string, cookie: string): Promise<LighthouseScores> {
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  try {
    const result = await lighthouse(
      `${url}/devices`,
      { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: { Cookie: cookie } },
      {
        ...desktopConfig,
        settings: { ...desktopConfig.settings, onlyCategories: ['performance', 'accessibility', 'best-practices'] },
      },
    );
    if (!result) throw new Error('Lighthouse gave no result');
    const { categories, audits } = result.lhr;
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const failing = Object.values(audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
      .map((audit) => `${audit.id} (${String(audit.score)})`);
    if (failing.length > 0) console.log(`Lighthouse audits below 0.9: ${failing.join(', ')}`);
    const lcp = audits['largest-contentful-paint'];
    if (result.lhr.runtimeError) console.log(`Lighthouse runtime error: ${result.lhr.runtimeError.message}`);
    if (lcp?.errorMessage) console.log(`Lighthouse could not measure LCP: ${lcp.errorMessage}`);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
      tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
    };
  } finally {
    chrome.kill();
  }
}

/** The web console in Chromium against the BFF and a 100,000-device simulated tenant, on loopback. */
export async function benchWeb(devices = 100_000): Promise<WebBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mdm-console-web-bench-'));
  const stack = await startDemoStack({
    devices,
    simPort: '0',
    bffHost: '127.0.0.1',
    bffPort: '0',
    databaseUrl: join(dataDir, 'bench.sqlite'),
  });
  const { bff } = stack;
  const checkout = process.env.BENCH_BASELINE;
  const baselineBff = checkout === undefined ? undefined : await startBaseline(checkout, stack.sim.url, dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await signIn(context, bff.url);
    // Cookies do not tell ports apart: the baseline's session lives in a browser context of its own.
    const baselineContext = baselineBff && (await browser.newContext({ viewport: { width: 1440, height: 900 } }));
    if (baselineBff && baselineContext) await signIn(baselineContext, baselineBff.url);

    // Interleaved: each navigation of this build is followed by one of the baseline's, so that both see the same
    // machine (its load drifts over a run on two cores).
    const paths: CriticalPath[] = [];
    const baselinePaths: CriticalPath[] = [];
    const sameTabPaths: CriticalPath[] = [];
    const baselineSameTabPaths: CriticalPath[] = [];
    const tab = await context.newPage();
    await watchFirstRows(tab);
    const baselineTab = baselineContext && (await baselineContext.newPage());
    if (baselineTab) await watchFirstRows(baselineTab);
    for (let run = 0; run < NAVIGATIONS; run++) {
      paths.push(await timeToFirstRows(context, bff.url));
      if (baselineBff && baselineContext) baselinePaths.push(await timeToFirstRows(baselineContext, baselineBff.url));
      sameTabPaths.push(await timeToFirstRows(context, bff.url, tab));
      if (baselineBff && baselineContext && baselineTab)
        baselineSameTabPaths.push(await timeToFirstRows(baselineContext, baselineBff.url, baselineTab));
    }
    await tab.close();
    await baselineContext?.close();

    const page = await context.newPage();
    await page.goto(`${bff.url}/devices`);
    await appRows(page).first().waitFor();
    // The filters render a frame after the rows.
    await page.getByRole('group', { name: 'Platform' }).waitFor();
    const clicks: number[] = [];
    for (const [group, values] of [
      ['Platform', 4],
      ['Registration state', 6],
      ['Compliance', 2],
      ['Ownership', 3],
    ] as const)
      for (let value = 0; value < values; value++) {
        clicks.push(await clickFacet(page, group, value));
        clicks.push(await clickFacet(page, group, value));
      }

    // The machine's two cores also run the BFF, the simulator and the browser's other processes: the median of
    // three runs is reported, with every run in the JSON.
    const runs = [];
    const devtools = await context.newCDPSession(page);
    await devtools.send('HeapProfiler.enable');
    await devtools.send('Performance.enable');
    const mainThreadSeconds = async () =>
      (await devtools.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ??
      NaN;
    for (let run = 0; run < SCROLL_RUNS; run++) {
      await page.goto(`${bff.url}/devices`);
      await appRows(page).first().waitFor();
      // Each run starts from the same renderer: the documents of the bench's own earlier page loads (a user of the
      // SPA never reloads it a dozen times) are garbage the renderer has not yet collected, and until it does,
      // style recalculation on every frame is twice as slow (2.7 → 5–7 ms a frame; 4 → 6 live documents).
      await devtools.send('HeapProfiler.collectGarbage');
      const busyBefore = await mainThreadSeconds();
      const scrolled = await scrollRows(page, 5000);
      const busyMs = ((await mainThreadSeconds()) - busyBefore) * 1000;
      const onTime = scrolled.deltas.filter((delta) => delta < VSYNC_MS * 1.5).length;
      runs.push({
        ...scrolled,
        onTimeShare: onTime / scrolled.deltas.length,
        mainThreadMsPerFrame: busyMs / scrolled.deltas.length,
      });
    }
    runs.sort((a, b) => a.onTimeShare - b.onTimeShare);
    const median = runs[Math.floor(runs.length / 2)] ?? runs[0];
    if (!median) throw new Error('no scroll run');

    const cookies = await context.cookies(bff.url);
    const cookie = cookies.map((item) => `${item.name}=${item.value}`).join('; ');
    const lighthouseRuns: LighthouseScores[] = [];
    for (let run = 0; run < LIGHTHOUSE_RUNS; run++) lighthouseRuns.push(await runLighthouse(bff.url, cookie));

    return {
      devices,
      firstRows: firstRowsOf(paths),
      sameTab: firstRowsOf(sameTabPaths),
      baseline:
        checkout === undefined
          ? null
          : { checkout, ...firstRowsOf(baselinePaths), sameTab: firstRowsOf(baselineSameTabPaths) },
      facetClick: summarize(clicks),
      scroll: {
        rows: 5000,
        stepPx: SCROLL_STEP_PX,
        frames: median.deltas.length,
        onTimeShare: median.onTimeShare,
        frameP95Ms: summarize(median.deltas).p95,
        longFrames: median.longFrames,
        mainThreadMsPerFrame: Math.round(median.mainThreadMsPerFrame * 10) / 10,
        seconds: Math.round(median.seconds * 10) / 10,
        runs: runs.map((run) => Math.round(run.onTimeShare * 1000) / 10),
      },
      lighthouse: lighthouseRuns,
    };
  } finally {
    await browser.close();
    await baselineBff?.stop();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
