/**
 * Opens a report in headless Debian chromium (playwright-core, never a downloaded browser) and
 * records everything a person would notice: console errors and warnings, page errors, every
 * request the page makes, and which charts drew marks. Shared by the browser tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.TAOSIM_CHROMIUM ?? '/usr/bin/chromium';

/** Launch flags: no GPU, no sandbox (containers), and nothing that talks to the network. */
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface ChartCheck {
  id: string;
  rendered: string | null;
  svgs: number;
  canvases: number;
  marks: number;
}

export interface PageCheck {
  consoleErrors: string[];
  consoleWarnings: string[];
  requests: string[];
  charts: ChartCheck[];
  expectedCharts: number;
  ready: boolean;
}

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `headless chromium not found at ${CHROMIUM}: install it with scripts/ensure-chromium.sh ` +
        '(apt-get install chromium) or set TAOSIM_CHROMIUM to a chromium binary',
    );
  }
}

/** Opens `htmlFile` from a file URL, waits for every chart, screenshots the page, reports. */
export async function checkReportInBrowser(htmlFile: string, screenshot: string): Promise<PageCheck> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'taosim-chromium-'));
  let context: BrowserContext | undefined;
  try {
    // launchPersistentContext passes the fresh profile as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'block',
    });
    const url = pathToFileURL(htmlFile).href;
    const check: PageCheck = { consoleErrors: [], consoleWarnings: [], requests: [], charts: [], expectedCharts: -1, ready: false };
    context.on('request', (r) => {
      if (r.url() !== url) check.requests.push(r.url());
    });
    // Nothing but the file itself may load; anything else is recorded above and refused here.
    await context.route((u) => u.href !== url, (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') check.consoleErrors.push(m.text());
      if (m.type() === 'warning') check.consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => check.consoleErrors.push(`page error: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    check.ready = await page
      .waitForSelector('body[data-ready="true"]', { timeout: 30_000 })
      .then(() => true, () => false);
    // A string, as this project's TypeScript has no DOM types: the number of charts the page holds.
    check.expectedCharts = Number(await page.evaluate("JSON.parse(document.getElementById('taosim-report-data').textContent).charts.length"));
    check.charts = await page.$$eval('.chart', (els) =>
      els.map((el) => ({
        id: el.id,
        rendered: el.getAttribute('data-rendered'),
        svgs: el.querySelectorAll('svg').length,
        canvases: el.querySelectorAll('canvas').length,
        // Vega draws data marks inside groups with the class role-mark; axes and legends are other roles.
        marks: el.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect, g.role-mark > text, g.role-mark > g > path').length,
      })),
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    return check;
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
