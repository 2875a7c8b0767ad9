// Foundation: the app shell works offline after one visit, and Arabic turns the page right to left.
import { describe, expect, it } from 'vitest';
import { chooseLanguage, setOffline } from '../helpers/browser';
import { startAppInBrowser } from '../helpers/app-in-browser';
import en from '../../locales/en.json';
import ar from '../../locales/ar.json';
import ti from '../../locales/ti.json';

const app = startAppInBrowser();

const h1 = () => app.b.page.locator('h1').first().innerText();
const htmlAttr = (name: string) => app.b.page.evaluate((n) => document.documentElement.getAttribute(n), name);

describe('app shell', () => {
  it('first open asks for a language, then shows the home page', async () => {
    await app.b.page.goto(`${app.server.url}/`);
    const picker = app.b.page.getByTestId('language-first-run');
    await picker.waitFor();
    // each language in its own script
    await expect(picker.getByRole('button', { name: 'العربية' }).count()).resolves.toBe(1);
    await picker.getByRole('button', { name: 'English' }).click();
    await app.b.page.getByTestId('tile-offer').waitFor();
    expect(await h1()).toBe(en.home.title);
  });

  it('the service worker takes control on the first visit', async () => {
    await app.b.waitForServiceWorker();
  });

  it('offline, a reload still shows the home page and the local offer route', async () => {
    await app.b.goOffline();
    await app.b.page.reload();
    await app.b.page.getByTestId('tile-offer').waitFor();
    expect(await h1()).toBe(en.home.title);

    // the local offer route (its own tests are in check-eligibility.e2e.ts: here only that the app shows it, offline)
    await app.b.page.goto(`${app.server.url}/offer`);
    await app.b.page.locator('main h1').waitFor();
    expect(await h1()).not.toBe(en.errors.not_found_title);
    expect(await app.b.page.getByTestId('language-picker').count()).toBe(1);

    // in-app navigation (lazy route chunk from the precache)
    await app.b.page.goto(`${app.server.url}/`);
    await app.b.page.getByTestId('tile-check').click();
    await app.b.page.waitForURL(`${app.server.url}/check`);
    await expect.poll(h1).not.toBe(en.home.title);
    expect(await h1()).not.toBe(en.errors.not_found_title);
    expect(await app.b.page.getByTestId('offline-indicator').innerText()).toBe(en.offline.banner);
  });

  it('offline, the map draws the 13 district boundaries even though no tile loads', async () => {
    await app.b.page.goto(`${app.server.url}/about`);
    const paths = app.b.page.locator('[data-testid="map"] path.leaflet-interactive');
    await expect.poll(() => paths.count(), { timeout: 15_000 }).toBe(13);
  });

  it('switching to Arabic (offline) sets dir="rtl" and lang="ar", and is remembered', async () => {
    await app.b.page.goto(`${app.server.url}/`);
    await chooseLanguage(app.b.page, 'ar');
    await expect.poll(() => htmlAttr('dir')).toBe('rtl');
    expect(await htmlAttr('lang')).toBe('ar');
    expect(await h1()).toBe(ar.home.title);

    await app.b.page.reload();
    await app.b.page.getByTestId('tile-offer').waitFor();
    expect(await htmlAttr('dir')).toBe('rtl');
    expect(await h1()).toBe(ar.home.title);
  });

  it('back online, a link with ?lang=en switches back to English', async () => {
    await app.b.goOnline();
    await app.b.page.goto(`${app.server.url}/offer?lang=en`);
    await expect.poll(() => htmlAttr('dir')).toBe('ltr');
    expect(await htmlAttr('lang')).toBe('en');
    await expect.poll(() => app.b.page.locator('header').innerText()).toContain(en.app.name);
  });

  it('an unknown path inside the app shows the not-found page; an unknown API path is JSON', async () => {
    await app.b.page.goto(`${app.server.url}/no-such-page`);
    await expect.poll(h1).toBe(en.errors.not_found_title);
    const api = await app.b.page.evaluate(async () => {
      const res = await fetch('/api/no-such-thing');
      return { status: res.status, type: res.headers.get('content-type') };
    });
    expect(api.status).toBe(404);
    expect(api.type).toContain('application/json');
  });

  it('a phone without DecompressionStream (iOS 15) reads the stored words too, offline, in Tigrinya', async () => {
    const context = await app.b.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      // as on browsers from before 2023: the words' gzip files are unpacked by the app's small inflater
      await context.addInitScript(() => delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream);
      const page = await context.newPage();
      await page.goto(`${app.server.url}/?lang=ti`);
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(ti.home.title);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      await setOffline(context, true);
      await page.reload();
      await expect.poll(() => page.locator('h1').first().innerText()).toBe(ti.home.title);
      expect(await page.evaluate(() => 'DecompressionStream' in globalThis)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('no script errors in the page (CSP, no eval)', () => {
    // tile requests fail here (no network to the tile server): those are not script errors
    const real = app.b.errors.filter((e) => !/tile|ERR_INTERNET_DISCONNECTED|net::|Failed to load resource/i.test(e));
    expect(real).toEqual([]);
  });
});
