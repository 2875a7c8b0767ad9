// Foundation: the app shell works offline after one visit, and Arabic turns the page right to left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import en from '../../locales/en.json';
import ar from '../../locales/ar.json';
import ti from '../../locales/ti.json';

let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const h1 = () => b.page.locator('h1').first().innerText();
const htmlAttr = (name: string) => b.page.evaluate((n) => document.documentElement.getAttribute(n), name);

describe('app shell', () => {
  it('first open asks for a language, then shows the home page', async () => {
    await b.page.goto(`${server.url}/`);
    const picker = b.page.getByTestId('language-first-run');
    await picker.waitFor();
    // each language in its own script
    await expect(picker.getByRole('button', { name: 'العربية' }).count()).resolves.toBe(1);
    await picker.getByRole('button', { name: 'English' }).click();
    await b.page.getByTestId('tile-offer').waitFor();
    expect(await h1()).toBe(en.home.title);
  });

  it('the service worker takes control on the first visit', async () => {
    await b.waitForServiceWorker();
  });

  it('offline, a reload still shows the home page and the local offer route', async () => {
    await b.goOffline();
    await b.page.reload();
    await b.page.getByTestId('tile-offer').waitFor();
    expect(await h1()).toBe(en.home.title);

    // the local offer route (its own tests are in check-eligibility.e2e.ts: here only that the app shows it, offline)
    await b.page.goto(`${server.url}/offer`);
    await b.page.locator('main h1').waitFor();
    expect(await h1()).not.toBe(en.errors.not_found_title);
    expect(await b.page.getByTestId('language-picker').count()).toBe(1);

    // in-app navigation (lazy route chunk from the precache)
    await b.page.goto(`${server.url}/`);
    await b.page.getByTestId('tile-check').click();
    await b.page.waitForURL(`${server.url}/check`);
    await expect.poll(h1).not.toBe(en.home.title);
    expect(await h1()).not.toBe(en.errors.not_found_title);
    expect(await b.page.getByTestId('offline-indicator').innerText()).toBe(en.offline.banner);
  });

  it('offline, the map draws the 13 district boundaries even though no tile loads', async () => {
    await b.page.goto(`${server.url}/about`);
    const paths = b.page.locator('[data-testid="map"] path.leaflet-interactive');
    await expect.poll(() => paths.count(), { timeout: 15_000 }).toBe(13);
  });

  it('switching to Arabic (offline) sets dir="rtl" and lang="ar", and is remembered', async () => {
    await b.page.goto(`${server.url}/`);
    await chooseLanguage(b.page, 'ar');
    await expect.poll(() => htmlAttr('dir')).toBe('rtl');
    expect(await htmlAttr('lang')).toBe('ar');
    expect(await h1()).toBe(ar.home.title);

    await b.page.reload();
    await b.page.getByTestId('tile-offer').waitFor();
    expect(await htmlAttr('dir')).toBe('rtl');
    expect(await h1()).toBe(ar.home.title);
  });

  it('back online, a link with ?lang=en switches back to English', async () => {
    await b.goOnline();
    await b.page.goto(`${server.url}/offer?lang=en`);
    await expect.poll(() => htmlAttr('dir')).toBe('ltr');
    expect(await htmlAttr('lang')).toBe('en');
    await expect.poll(() => b.page.locator('header').innerText()).toContain(en.app.name);
  });

  it('an unknown path inside the app shows the not-found page; an unknown API path is JSON', async () => {
    await b.page.goto(`${server.url}/no-such-page`);
    await expect.poll(h1).toBe(en.errors.not_found_title);
    const api = await b.page.evaluate(async () => {
      const res = await fetch('/api/no-such-thing');
      return { status: res.status, type: res.headers.get('content-type') };
    });
    expect(api.status).toBe(404);
    expect(api.type).toContain('application/json');
  });

  it('a phone without DecompressionStream (iOS 15) reads the stored words too, offline, in Tigrinya', async () => {
    const context = await b.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      // as on browsers from before 2023: the words' gzip files are unpacked by the app's small inflater
      await context.addInitScript(() => delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream);
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=ti`);
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(ti.home.title);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      await context.setOffline(true);
      await page.reload();
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(ti.home.title);
      expect(await page.evaluate(() => 'DecompressionStream' in globalThis)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('no script errors in the page (CSP, no eval)', () => {
    // tile requests fail here (no network to the tile server): those are not script errors
    const real = b.errors.filter((e) => !/tile|ERR_INTERNET_DISCONNECTED|net::|Failed to load resource/i.test(e));
    expect(real).toEqual([]);
  });
});
