// Item 8: "Forget me" on the About page removes everything the app keeps on the phone — every
// IndexedDB database (reports and tracking codes, the service worker's tile bookkeeping), every cache
// (the offline copy, map pictures), localStorage and sessionStorage — and unregisters the service worker.
// A report still waiting to be sent needs a second "yes". Twice: offline (the app says to come back
// online), and online (the app starts again at the first-run language picker).
// A local tile server stands in for OpenStreetMap, so the worker's 'workbox-expiration' database exists too.
// Runs after `npm run build`.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport } from '../helpers/report-form';
import { startServer, type RunningServer } from '../helpers/server';
import { startTileServer, type TileServer } from '../helpers/tile-server';

let tiles: TileServer;
let server: RunningServer;
let b: BrowserSession;
let page: Page;

beforeAll(async () => {
  tiles = await startTileServer();
  server = await startServer({ env: { TILE_URL: tiles.template } });
  b = await setupBrowser();
  page = b.page;
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await tiles?.close();
});

/**
 * Everything the origin keeps in the browser, as the page sees it. With `pressYes`, first presses the final
 * "Yes" and waits (in the page, so nothing is missed) for "done": the look happens before the app restarts.
 */
const phone = (pressYes = false) =>
  page.evaluate(async (press) => {
    let status = '';
    if (press) {
      const box = document.querySelector('[data-testid="forget-status"]')!;
      document.querySelector<HTMLButtonElement>('[data-testid="forget-yes"]')!.click();
      await new Promise<void>((resolve) => {
        const check = () => box.getAttribute('data-state') === 'done' && resolve();
        new MutationObserver(check).observe(box, { attributes: true });
        check();
      });
      status = box.textContent?.trim() ?? '';
    }
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++)
      local[localStorage.key(i)!] = localStorage.getItem(localStorage.key(i)!)!;
    return {
      databases: (await indexedDB.databases()).map((d) => d.name).sort(),
      caches: (await caches.keys()).sort(),
      local,
      session: sessionStorage.length,
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      status,
    };
  }, pressYes);

const NOTHING = { databases: [], caches: [], local: {}, session: 0, workers: 0 };

const testId = (id: string) => page.getByTestId(id);
const focusedTestId = () =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

/** Opens the check and answers the first question (saved on the phone at once). */
async function answerOneQuestion(): Promise<void> {
  await page.goto(`${server.url}/check`);
  await testId('check-start').click();
  await testId('check-option-19').click();
  await testId('check-next').click();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('clh.check'))).toContain('"age":19');
}

describe('forget me, offline, with a report still waiting', () => {
  it('first visit online, then the service worker controls the page', async () => {
    await page.goto(`${server.url}/?lang=en`);
    await b.waitForServiceWorker();
    await page.reload();
    await b.waitForServiceWorker();
  });

  it('the phone keeps answers, a setting, map pictures and a waiting report', async () => {
    await answerOneQuestion();
    await testId('bigger-text').click();

    await page.goto(`${server.url}/about`);
    await expect.poll(async () => (await phone()).caches, { timeout: 15_000 }).toContain('map-tiles');
    await expect.poll(async () => (await phone()).databases, { timeout: 10_000 }).toContain('workbox-expiration');

    await b.goOffline();
    await page.goto(`${server.url}/report`);
    await fileReport(page, { categories: ['damp'], where: 'E07000114' });
    expect(await testId('report-result').getAttribute('data-state')).toBe('waiting');
    await page.evaluate(() => sessionStorage.setItem('clh.test', 'something for this tab'));

    const before = await phone();
    expect(before.databases).toEqual(expect.arrayContaining(['clh-reports', 'workbox-expiration']));
    expect(before.caches.some((c) => c.startsWith('workbox-precache'))).toBe(true);
    expect(Object.keys(before.local)).toEqual(
      expect.arrayContaining(['clh.check', 'clh.locale', 'clh.bigger-text', 'clh.map-config']),
    );
    expect(before.session).toBeGreaterThan(0);
    expect(before.workers).toBe(1);
  });

  it('warns that the waiting report will be lost; Cancel keeps everything', async () => {
    await page.goto(`${server.url}/about`);
    await testId('forget-start').click();
    await testId('forget-unsent').waitFor();
    expect(await focusedTestId()).toBe('forget-unsent');
    expect(await testId('forget-unsent-count').innerText()).toBe(en.about.forget.unsent_warning.split(' | ')[0]);

    await testId('forget-cancel').click();
    expect(await focusedTestId()).toBe('forget-start');
    expect((await phone()).databases).toContain('clh-reports');
  });

  it('after two "yes": nothing of the app is left on the phone', async () => {
    await testId('forget-start').click();
    await testId('forget-unsent-yes').click();
    await testId('forget-confirm').waitFor();
    expect(await focusedTestId()).toBe('forget-confirm');
    await testId('forget-yes').click();

    const status = testId('forget-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect((await status.innerText()).trim()).toBe(en.about.forget.done_offline);
    expect(await status.getAttribute('aria-live')).toBe('polite');

    expect(await phone()).toEqual({ ...NOTHING, status: '' });
    expect(new URL(page.url()).pathname).toBe('/about'); // offline: no reload into a browser error page
  });

  it('back online, the app opens afresh: language picker, no answers, no reports', async () => {
    await b.goOnline();
    await page.goto(`${server.url}/my-reports`);
    await testId('language-first-run').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await testId('my-report').or(page.getByText(en.my_reports.empty)).first().waitFor();
    expect(await testId('my-report').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('clh.check'))).toBeNull();
  });
});

describe('forget me, online', () => {
  it('the service worker is back after the language choice', async () => {
    await b.waitForServiceWorker();
    await page.reload();
    await b.waitForServiceWorker();
    await answerOneQuestion();
  });

  it('one "yes" when nothing waits; then the app starts again at the language picker', async () => {
    await page.goto(`${server.url}/about`);
    // the worker holds its tile bookkeeping open (web/service-worker/release-databases.ts lets go of it)
    await expect.poll(async () => (await phone()).databases, { timeout: 15_000 }).toContain('workbox-expiration');
    await testId('forget-start').click();
    await testId('forget-confirm').waitFor();
    expect(await testId('forget-unsent').count()).toBe(0);
    expect(await focusedTestId()).toBe('forget-confirm');

    const { status, ...after } = await phone(true);
    expect(status).toBe(en.about.forget.done);
    expect(after).toEqual(NOTHING);

    await testId('language-first-run').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => localStorage.getItem('clh.check'))).toBeNull();
  });

  it('no script errors in the page', () => {
    const real = b.errors.filter((e) => !/tile|ERR_INTERNET_DISCONNECTED|net::|Failed to load resource/i.test(e));
    expect(real).toEqual([]);
  });
});
