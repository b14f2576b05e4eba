/** Headless Chromium (the system /usr/bin/chromium) through playwright-core, plus a page-problem collector. */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.PLAN_ATLAS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei (.ci/run does this).`);
  }
  // Playwright creates its own temporary profile; never pass --user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** Same defaults everywhere: fixed viewport, locale and timezone, so runs are deterministic. */
export const CONTEXT_DEFAULTS: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  reducedMotion: 'reduce',
};

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests that failed at the network level, or answered with HTTP >= 400. */
  failedRequests: string[];
  /** Everything above, one line each. Empty means the page was clean. */
  all(): string[];
}

/** Starts collecting problems on `page`; attach before navigating. */
export function collectProblems(page: Page): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    all() {
      return [
        ...this.consoleErrors.map((m) => `console.error: ${m}`),
        ...this.pageErrors.map((m) => `pageerror: ${m}`),
        ...this.failedRequests.map((m) => `request: ${m}`),
      ];
    },
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.consoleErrors.push(`${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.stack ?? err.message));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '?';
    // ERR_ABORTED is the page itself cancelling a request — typically the favicon still loading when a
    // test navigates on; a request the server failed or refused shows another error or an HTTP status.
    if (error === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${req.method()} ${req.url()} failed: ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.request().method()} ${res.url()} → HTTP ${res.status()}`);
  });
  return problems;
}

/**
 * The built site served by Astro's preview server plus one browser and context, started in
 * `beforeAll` and closed in `afterAll` of the calling test file. Read the fields inside tests.
 */
export function useSite(): { server: import('./server.ts').SiteServer; browser: Browser; context: import('playwright-core').BrowserContext } {
  const site = {} as ReturnType<typeof useSite>;
  beforeAll(async () => {
    const { startServer } = await import('./server.ts');
    [site.server, site.browser] = await Promise.all([startServer(), launchBrowser()]);
    site.context = await site.browser.newContext(CONTEXT_DEFAULTS);
  });
  afterAll(async () => {
    await site.context?.close();
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}
