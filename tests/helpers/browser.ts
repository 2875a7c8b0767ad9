/**
 * Headless Chromium through playwright-core, for the browser tests (tests/e2e/*.e2e.ts): Debian's
 * `chromium` where it is installed (CI), else the self-contained build of the `@sparticuz/chromium` dev
 * dependency, unpacked to the temp folder on first use, so `npm test` needs nothing but Node.
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
import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../bench/lib/chromium';
import { CHROMIUM_FLAGS } from '../../bench/lib/paths';

// one list of flags and one choice of browser for the tests and the bench
export { CHROMIUM_FLAGS, chromiumPath, launchChromium };

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far, for assertions and failure messages. */
  errors: string[];
  /** Cuts the network for the pages and their service worker, and the pages say they are offline (`setOffline`). */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  /** Resolves once a service worker controls `page`; the error says how far it got. */
  waitForServiceWorker(page?: Page, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `env`: the browser's environment, e.g. FONTCONFIG_FILE to choose which fonts it sees. */
export async function setupBrowser(
  contextOptions: BrowserContextOptions = {},
  env?: Record<string, string>,
): Promise<BrowserSession> {
  const browser = await launchChromium([], env);
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
    goOffline: () => setOffline(context, true),
    goOnline: () => setOffline(context, false),
    waitForServiceWorker: (target = page, timeoutMs = 20_000) => waitForServiceWorker(target, timeoutMs),
    close: () => browser.close(),
  };
}

const offlineScripts = new WeakMap<BrowserContext, { dispose(): Promise<void> }>();

/**
 * Cuts (or restores) the network for every page of `context` and its service worker, and has each page say
 * so (`navigator.onLine`, the `offline` event) as a phone without signal does. Playwright's `setOffline`
 * cuts requests, but Debian's Chromium 150 reports a document loaded while offline (a reload) as online, so
 * the app would try the network where a phone would not: the pages open now are set offline through
 * DevTools, and each document loaded while offline reads `navigator.onLine` as false from its first script.
 */
export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
  await context.setOffline(offline);
  await offlineScripts.get(context)?.dispose();
  offlineScripts.delete(context);
  if (offline)
    offlineScripts.set(
      context,
      await context.addInitScript(() => {
        const browsers = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
        Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false });
        (globalThis as { restoreOnLine?: () => void }).restoreOnLine = () =>
          Object.defineProperty(Navigator.prototype, 'onLine', browsers);
      }),
    );
  else
    await Promise.all(
      context.pages().map(async (page) => {
        // a document loaded offline is online to the browser already: made offline first, so that it hears
        // "online" below as a phone does when its signal comes back
        await overrideNetworkState(page, true);
        await page
          .evaluate(() => (globalThis as { restoreOnLine?: () => void }).restoreOnLine?.())
          .catch(() => undefined);
      }),
    );
  // last: the pages hear "online" or "offline" once their state says so
  await Promise.all(context.pages().map((page) => overrideNetworkState(page, offline)));
}

// one DevTools session per page, kept open (closing it would undo the state it set); a new one if the page
// has moved to another renderer since
const sessions = new WeakMap<Page, CDPSession>();

async function overrideNetworkState(page: Page, offline: boolean): Promise<void> {
  const state = { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  for (let attempt = 0; attempt < 2; attempt++) {
    const session = sessions.get(page) ?? (await page.context().newCDPSession(page));
    sessions.set(page, session);
    try {
      await session.send('Network.overrideNetworkState' as never, state as never);
      return;
    } catch {
      // a detached session: try once more with a new one; a Chromium without this call keeps Playwright's
      // own emulation, which is enough there
      sessions.delete(page);
    }
  }
}

/** Picks a language in the header's language list, as a person would: open it, press the language. */
export async function chooseLanguage(page: Page, code: string): Promise<void> {
  await page.getByTestId('language-picker').click();
  await page.getByTestId(`language-option-${code}`).click();
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
    throw new Error(`No service worker took control of ${page.url()} within ${timeoutMs} ms: ${state}`, {
      cause: error,
    });
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
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
    };
    const result = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}`),
  );
}

/**
 * One online visit to `url`, then a reload so the service worker controls the page, then no signal. The app
 * asks (through its worker) for newer content as it starts: that finishes before the signal goes.
 */
export async function visitOnceThenGoOffline(b: BrowserSession, url: string): Promise<void> {
  await b.page.goto(url);
  await b.waitForServiceWorker();
  const contentChecked = b.context.waitForEvent('requestfinished', (r) => r.url().endsWith('/api/content/version'));
  await b.page.reload();
  await b.waitForServiceWorker();
  await contentChecked;
  await b.goOffline();
}
