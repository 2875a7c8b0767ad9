/**
 * Section 5, in headless Chromium against the real server:
 * - a report filed offline (with a photo) waits in the phone's outbox; the time from the `online` event
 *   to the moment "My reports" shows it acknowledged (sent, with its tracking code), measured inside the
 *   page: with Background Sync (Chromium), and without SyncManager (the Safari/iOS path: the page's own
 *   replay on `online`);
 * - switching the language offline: from the picker's change event until `<html lang>` and the page's
 *   heading are in the new language, the first time each language is chosen (its strings are a lazy chunk
 *   read from the service worker's precache) and again once loaded.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fileReport } from '../../tests/helpers/report-form';
import { launchChromium } from './chromium';
import type { BenchContext } from './context';
import { OFFLINE_GOALS } from './goals';
import { smallJpeg } from './report-body';
import { figure, type SectionResult } from './results';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

async function newPhone(
  browser: Browser,
  withoutSyncManager: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  if (withoutSyncManager) {
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      delete w.SyncManager;
      delete (ServiceWorkerRegistration.prototype as unknown as Record<string, unknown>).sync;
    });
  }
  return { context, page: await context.newPage() };
}

/** Files `times` reports offline, one after another; for each, ms from `online` to acknowledged. */
async function onlineToAck(
  browser: Browser,
  baseUrl: string,
  withoutSyncManager: boolean,
  times: number,
): Promise<number[]> {
  const { context, page } = await newPhone(browser, withoutSyncManager);
  const photo = await smallJpeg();
  const out: number[] = [];
  try {
    await page.goto(`${baseUrl}/report?lang=en`);
    await controlled(page);
    await page.reload();
    await controlled(page);
    for (let i = 0; i < times; i++) {
      await context.setOffline(true);
      await page.goto(`${baseUrl}/report?lang=en`);
      await fileReport(page, { categories: ['damp', 'mould'], where: 'E07000106', photos: [photo] });
      await page.goto(`${baseUrl}/my-reports?lang=en`);
      await page.waitForFunction(() => document.querySelectorAll('[data-outbox-state="waiting"]').length === 1, null, {
        timeout: 15_000,
      });
      await page.evaluate(() => {
        const w = window as unknown as { __onlineAt?: number; __ackAt?: number };
        delete w.__onlineAt;
        delete w.__ackAt;
        addEventListener('online', () => (w.__onlineAt ??= performance.now()), { once: true });
        const check = () => {
          if (
            w.__ackAt === undefined &&
            document.querySelectorAll('[data-outbox-state="waiting"], [data-outbox-state="sending"]').length === 0
          ) {
            w.__ackAt = performance.now();
            observer.disconnect();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-outbox-state'],
        });
      });
      await context.setOffline(false);
      const handle = await page.waitForFunction(
        () => {
          const w = window as unknown as { __onlineAt?: number; __ackAt?: number };
          return w.__ackAt !== undefined && w.__onlineAt !== undefined ? w.__ackAt - w.__onlineAt : null;
        },
        null,
        { timeout: 60_000, polling: 50 },
      );
      const ms = (await handle.jsonValue()) as number;
      const sent = await page.locator('[data-outbox-state="sent"]').count();
      if (sent !== i + 1) throw new Error(`expected ${i + 1} sent reports in "My reports", saw ${sent}`);
      out.push(ms);
    }
  } finally {
    await context.close();
  }
  return out;
}

interface Switch {
  code: string;
  coldMs: number;
  warmMs: number;
}

/** Offline on the home page: each language once (cold), then back and forth (warm). */
async function languageSwitches(browser: Browser, baseUrl: string): Promise<Switch[]> {
  const { context, page } = await newPhone(browser, false);
  try {
    await page.goto(`${baseUrl}/?lang=en`);
    await controlled(page);
    await page.reload();
    await controlled(page);
    await context.setOffline(true);
    await page.reload();
    await page.locator('h1').first().waitFor();
    const codes = await page.$$eval('[data-testid^="language-option-"]', (options) =>
      options.map((o) => (o as HTMLElement).dataset.testid!.replace('language-option-', '')),
    );
    const switchTo = (code: string) =>
      page.evaluate(
        (target) =>
          new Promise<number>((resolve, reject) => {
            const option = document.querySelector<HTMLButtonElement>(`[data-testid="language-option-${target}"]`)!;
            const heading = document.querySelector('h1');
            const before = heading?.textContent;
            const started = performance.now();
            const done = () =>
              document.documentElement.lang === target &&
              (target === 'en' || document.querySelector('h1')?.textContent !== before);
            option.click();
            const tick = () => {
              if (done()) resolve(performance.now() - started);
              else if (performance.now() - started > 10_000) reject(new Error(`no switch to ${target} within 10 s`));
              else requestAnimationFrame(tick);
            };
            // rAF: the time until the frame in which the new language is on screen
            requestAnimationFrame(tick);
          }),
        code,
      );
    const results: Switch[] = [];
    for (const code of codes.filter((c) => c !== 'en')) {
      const coldMs = await switchTo(code);
      await switchTo('en');
      const warmMs = await switchTo(code);
      await switchTo('en');
      results.push({ code, coldMs, warmMs });
    }
    return results;
  } finally {
    await context.close();
  }
}

export async function offlineSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const times = ctx.quick ? 1 : 3;
  const browser = await launchChromium();
  try {
    const withSync = await onlineToAck(browser, ctx.server.url, false, times);
    ctx.log(`   online → acknowledged, Background Sync: ${withSync.map((m) => Math.round(m)).join(', ')} ms`);
    const withoutSync = await onlineToAck(browser, ctx.server.url, true, times);
    ctx.log(`   online → acknowledged, no SyncManager: ${withoutSync.map((m) => Math.round(m)).join(', ')} ms`);
    const switches = await languageSwitches(browser, ctx.server.url);
    ctx.log(
      `   language switches (cold/warm): ${switches.map((s) => `${s.code} ${Math.round(s.coldMs)}/${Math.round(s.warmMs)}`).join(', ')} ms`,
    );
    /** Online → acknowledged, with or without Background Sync: one goal for both ways a phone sends. */
    const ackFigure = (id: string, how: string, runs: number[]) =>
      figure(id, `online → report acknowledged, ${how} (median of ${times})`, median(runs), 'ms', {
        op: '<=',
        value: OFFLINE_GOALS.onlineToAckMs,
      });
    const cold = switches.map((s) => s.coldMs);
    const slowest = switches.reduce((a, s) => (s.coldMs > a.coldMs ? s : a));
    return {
      figures: [
        ackFigure('offline.ackBackgroundSync', 'Background Sync', withSync),
        ackFigure('offline.ackNoSyncManager', 'no SyncManager', withoutSync),
        figure(
          'offline.languageColdMedian',
          `language switch offline, first time (median of ${switches.length} languages)`,
          median(cold),
          'ms',
          { op: '<=', value: OFFLINE_GOALS.languageSwitchMs },
        ),
        figure(
          'offline.languageColdMax',
          `language switch offline, first time, slowest (${slowest.code})`,
          slowest.coldMs,
          'ms',
          { op: '<=', value: OFFLINE_GOALS.languageSwitchMs },
        ),
        figure(
          'offline.languageWarmMedian',
          'language switch offline, already loaded (median)',
          median(switches.map((s) => s.warmMs)),
          'ms',
          { op: '<=', value: OFFLINE_GOALS.languageSwitchMs },
        ),
      ],
      tables: [
        {
          title: 'Online → acknowledged (each report)',
          head: ['path', ...withSync.map((_, i) => `report ${i + 1}`)],
          rows: [
            ['Background Sync', ...withSync.map((m) => `${Math.round(m)} ms`)],
            ['no SyncManager', ...withoutSync.map((m) => `${Math.round(m)} ms`)],
          ],
        },
        {
          title: 'Language switch offline',
          head: ['language', 'first time', 'again'],
          rows: switches.map((s) => [s.code, `${Math.round(s.coldMs)} ms`, `${Math.round(s.warmMs)} ms`]),
        },
      ],
      notes: [
        'Acknowledged = "My reports" shows no report waiting or sending (data-outbox-state), i.e. the server\'s 201 with the tracking code has reached the page; timed inside the page from the `online` event. Each report carries categories, a district and one 640 × 480 photo (resized on the phone before it is queued).',
        "Language switch: from the picker's change event to the first animation frame in which `<html lang>` and the page heading are in the new language, on the home page, offline; \"first time\" includes reading the language's strings chunk from the service worker's precache.",
      ],
      data: { withSync, withoutSync, switches },
    };
  } finally {
    await browser.close();
  }
}
