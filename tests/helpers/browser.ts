/**
 * Headless Debian Chromium through playwright-core, for the browser tests (tests/e2e/*.e2e.ts).
 *
 *   const b = await setupBrowser();
 *   await b.page.goto(`${server.url}/?lang=en`);
 *   await b.waitForServiceWorker();
 *   await b.goOffline();
 *   ...
 *   await b.close();
 *
 * `?lang=en` (or any supported code) skips the first-open language picker.
 */
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// one list of flags for the tests and the bench (TOOLCHAIN §4)
import { CHROMIUM_FLAGS } from '../../bench/lib/paths';

export { CHROMIUM_FLAGS };

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far, for assertions and failure messages. */
  errors: string[];
  /** Cuts the network for the pages and their service worker (`context.setOffline`). */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  /** Resolves once a service worker controls `page`; the error says how far it got. */
  waitForServiceWorker(page?: Page, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function setupBrowser(contextOptions: BrowserContextOptions = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...contextOptions });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });

  return {
    browser,
    context,
    page,
    errors,
    goOffline: () => context.setOffline(true),
    goOnline: () => context.setOffline(false),
    waitForServiceWorker: (target = page, timeoutMs = 20_000) => waitForServiceWorker(target, timeoutMs),
    close: () => browser.close(),
  };
}

export async function waitForServiceWorker(page: Page, timeoutMs = 20_000): Promise<void> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: timeoutMs });
  } catch (error) {
    const state = await page
      .evaluate(async () => {
        if (!('serviceWorker' in navigator)) return 'this page has no navigator.serviceWorker (not a secure context?)';
        const reg = await navigator.serviceWorker.getRegistration();
        if (!reg) return 'no service worker is registered for this page (registration failed or never started)';
        const states = `installing=${reg.installing?.state ?? '-'} waiting=${reg.waiting?.state ?? '-'} active=${reg.active?.state ?? '-'}`;
        return `a worker is registered (${states}) but does not control the page (no clients.claim() on first install?)`;
      })
      .catch((e: unknown) => `the page could not be inspected: ${String(e)}`);
    throw new Error(`No service worker took control of ${page.url()} within ${timeoutMs} ms: ${state}`, { cause: error });
  }
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.x A and AA, and best practice) on `page` as it is now; answers one line per failing
 * node, so `expect(await axe(page)).toEqual([])` names each problem. axe is injected as a script: open the
 * page with `setupBrowser({ bypassCSP: true })`, or the app's CSP (script-src 'self') blocks it.
 */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } };
    const result = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}`));
}
