// Eight languages, offline: after one online visit, cut the network; for each language, pick it
// in the language picker → the home page, an entitlement page and the report form show that language's
// words (not English), <html lang dir> follow it, and a draft translation says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { SUPPORTED_LOCALES } from '../../locales/index';
import packJson from '../../content/kent/pack.json';

type Messages = { home: { title: string }; report: { title: string }; lang: { draft_notice: string; label: string } };
type Words = { entitlements: Record<string, { title: string; easyRead: string[] }> };

const uiFiles = import.meta.glob<{ default: Messages }>('../../locales/*.json', { eager: true });
const textFiles = import.meta.glob<{ default: Words }>('../../content/kent/text/*.json', { eager: true });
const ui = (code: string) => uiFiles[`../../locales/${code}.json`]!.default;
const words = (code: string) => textFiles[`../../content/kent/text/${code}.json`]!.default;
const translation = packJson.translation as Record<string, string>;

const ENTITLEMENT = 'rent_guarantor';
const en = ui('en');

let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser();
  // one online visit installs the service worker, which precaches every language's chunks
  await b.page.goto(`${server.url}/?lang=en`);
  await b.waitForServiceWorker();
  await b.goOffline();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const html = () => b.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
const h1 = () => b.page.locator('main h1').first().innerText();

describe('every language works offline', () => {
  it.each(SUPPORTED_LOCALES.map((l) => [l.code, l.dir] as const))('%s (%s)', async (code, dir) => {
    const messages = ui(code);
    const text = words(code);
    const english = code === 'en';

    // pick it on the home page, as a young person would
    await b.page.goto(`${server.url}/`);
    await chooseLanguage(b.page, code);
    await expect.poll(html).toEqual({ lang: code, dir });
    await expect.poll(h1).toBe(messages.home.title);
    if (!english) expect(messages.home.title).not.toBe(en.home.title);
    // a direction-bearing icon (the checklist) turns round in right-to-left languages only
    const transform = await b.page
      .getByTestId('tile-check')
      .locator('svg')
      .evaluate((el) => getComputedStyle(el).transform);
    expect(transform === 'none').toBe(dir === 'ltr');
    const label = await b.page.getByTestId('language-picker').innerText();
    expect(label).toContain(SUPPORTED_LOCALES.find((l) => l.code === code)!.endonym);
    expect(await b.page.getByTestId('language-picker').textContent()).toContain(messages.lang.label);

    // a draft translation says so, on every page; English (reviewed) does not
    const notice = b.page.getByTestId('translation-draft');
    if (translation[code] === 'draft') expect(await notice.innerText()).toContain(messages.lang.draft_notice);
    else expect(await notice.count()).toBe(0);

    // an entitlement page: the pack's words in this language (the choice is remembered: no ?lang)
    await b.page.goto(`${server.url}/offer/${ENTITLEMENT}`);
    await expect.poll(h1).toBe(text.entitlements[ENTITLEMENT]!.title);
    const easyRead = await b.page.getByTestId('offer-easy-read').innerText();
    expect(easyRead).toContain(text.entitlements[ENTITLEMENT]!.easyRead[0]!.slice(0, 12));
    if (!english) {
      expect(text.entitlements[ENTITLEMENT]!.title).not.toBe(words('en').entitlements[ENTITLEMENT]!.title);
      expect(easyRead).not.toContain(words('en').entitlements[ENTITLEMENT]!.easyRead[0]!);
    }
    expect(await html()).toEqual({ lang: code, dir });
    if (translation[code] === 'draft') expect(await notice.count()).toBe(1); // once, not once per component
    // dates: the language's own words, or numbers where the browser has none (never English month names)
    const checked = await b.page.getByTestId('offer-last-checked').innerText();
    if (!english)
      expect(checked).not.toMatch(
        /January|February|March|April|May|June|July|August|September|October|November|December/,
      );

    // the report form
    await b.page.goto(`${server.url}/report`);
    await expect.poll(h1).toBe(messages.report.title);
    if (!english) expect(messages.report.title).not.toBe(en.report.title);
    expect(await html()).toEqual({ lang: code, dir });
    // the page reads in its direction: the main column starts on the right in RTL
    const side = await b.page
      .locator('main h1')
      .first()
      .evaluate((el) => getComputedStyle(el).direction);
    expect(side).toBe(dir);
  });

  it('in Arabic (right to left) the map is usable: a tap puts the pin where the finger is', async () => {
    const ar = uiFiles['../../locales/ar.json']!.default as unknown as {
      report: { where: { pin_in: string; pin_outside: string } };
    };
    await b.page.goto(`${server.url}/report?lang=ar`);
    // the words arrive a moment after the page: the language is set once they have
    await expect.poll(html).toEqual({ lang: 'ar', dir: 'rtl' });
    await b.page.getByTestId('category-damp').click();
    await b.page.getByTestId('report-next').click();
    await b.page.getByTestId('feels-safe-yes').check();
    await b.page.getByTestId('report-next').click();
    await b.page.getByTestId('where-map').check();
    const map = b.page.getByTestId('map');
    await map.locator('.leaflet-overlay-pane path').first().waitFor({ timeout: 15_000 });
    // ready: "put the pin in the middle" is enabled once the areas are drawn and the map has settled
    await expect.poll(() => b.page.locator('.base-map__controls button').first().isEnabled()).toBe(true);
    await b.page.waitForTimeout(500); // fitBounds zoom animation
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const tap = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.6 }; // left of centre: a mirrored map would miss
    await b.page.mouse.click(tap.x, tap.y);
    // where the pin fell, said in Arabic at once: in a district ("هذا في …"), or outside Kent and Medway
    const said = new RegExp(`^(${ar.report.where.pin_in.split('{')[0]}|${ar.report.where.pin_outside.slice(0, 8)})`);
    await expect.poll(() => b.page.getByTestId('pin-state').innerText()).toMatch(said);
    const pin = (await map.locator('.leaflet-marker-icon:not(.map-label)').first().boundingBox())!;
    expect(Math.abs(pin.x + pin.width / 2 - tap.x)).toBeLessThan(6);
    expect(pin.y + pin.height).toBeGreaterThan(tap.y - 6); // the pin's point sits on the tap
    expect(pin.y + pin.height).toBeLessThan(tap.y + 6);
  });

  it('nothing failed in the page along the way', () => {
    expect(b.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
