// The report's "Where" step, offline and with no tile server (TILE_URL unset, the default): a town or a
// postcode typed in finds the district ("Margate", "CT9" → Thanet) and the check step says it; an outward
// code that spans districts asks which; a pin shows its district at once; the map is drawn with district
// and town names from the pack. All along, the browser asks nothing of any host but the app's own.
// Runs after `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let b: BrowserSession;
/** every URL the pages and the service worker asked for */
const requested: string[] = [];

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser();
  b.context.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const page = () => b.page;
const next = () => page().getByTestId('report-next').click();
const checkText = () => page().getByTestId('report-step-check').innerText();

async function search(text: string) {
  await page().getByTestId('place-search').fill(text);
}

describe('where is the problem, offline and without any tile server', () => {
  it('online once, then offline: the form opens from the phone', async () => {
    await page().goto(`${server.url}/report?lang=en`);
    await b.waitForServiceWorker();
    await page().reload();
    await b.waitForServiceWorker();
    await b.goOffline();
    await page().reload();
    await page().getByTestId('category-damp').click();
    await next();
    await page().getByTestId('feels-safe-yes').check();
    await next();
    await page().getByTestId('report-step-where').waitFor();
  });

  it('"Margate" finds Thanet; the check step says "Thanet, near Margate"', async () => {
    await page().getByTestId('where-district').check();
    await search('margate');
    await page().getByTestId('place-result-Margate').click();
    await expect.poll(() => page().getByTestId('place-status').innerText()).toBe('This is in Thanet.');
    expect(await page().getByTestId('district-select').inputValue()).toBe('E07000114');
    // the address box is found by its label, and its hint is read out with it
    const address = page().getByLabel(en.report.where.address_label, { exact: true });
    const hintId = await address.getAttribute('aria-describedby');
    expect(await page().locator(`#${hintId}`).textContent()).toBe(en.report.where.address_hint);
    await address.fill('Flat 2, 10 Harbour Street');
    await next();
    await page().getByTestId('description').fill('Black mould in the bedroom.');
    await page().getByTestId('accommodation-private_rented').check();
    await next();
    await next(); // no photos
    await next(); // through my PA
    await expect.poll(checkText).toContain('Thanet, near Margate');
    expect(await checkText()).toContain('Flat 2, 10 Harbour Street');
  });

  it('"CT9 1AB" (a full postcode) finds Thanet too; Enter picks the first match', async () => {
    await page().getByTestId('check-change-where').first().click();
    await search('CT9 1AB');
    await page().getByTestId('place-result-CT9').waitFor();
    await page().getByTestId('place-search').press('Enter');
    expect(await page().getByTestId('place-status').innerText()).toBe('This is in Thanet.');
    await page().getByTestId('report-step-where').waitFor(); // Enter chose the place; it did not leave the step
    for (let i = 0; i < 4; i++) await next();
    expect(await checkText()).toContain('Thanet, CT9');
  });

  it('an outward code in several districts asks which; a name it does not know says so', async () => {
    await page().getByTestId('check-change-where').first().click();
    await search('ME5');
    await page().getByTestId('place-result-ME5').click();
    await page().getByTestId('place-which').waitFor();
    await page().getByTestId('place-which-E06000035').click();
    expect(await page().getByTestId('place-status').innerText()).toBe('This is in Medway.');
    expect(await page().getByTestId('district-select').inputValue()).toBe('E06000035');
    await search('Atlantis');
    expect(await page().getByTestId('place-status').innerText()).toBe(en.report.where.search_none);
  });

  it('on the map: district and town names are drawn, and a pin says its district at once', async () => {
    await page().getByTestId('where-map').check();
    const map = page().getByTestId('map');
    await expect.poll(() => map.locator('.map-label--district').count(), { timeout: 15_000 }).toBe(13);
    expect(await map.locator('.map-label--district', { hasText: 'Thanet' }).count()).toBe(1);
    expect(await map.locator('.map-label--town', { hasText: 'Margate' }).count()).toBe(1);
    expect(await map.locator('img.leaflet-tile').count()).toBe(0);
    // the place search moves the map to Margate; the pin goes in the middle
    await search('Margate');
    await page().getByTestId('place-result-Margate').click();
    await expect.poll(() => map.locator('.map-label--town', { hasText: 'Margate' }).isVisible()).toBe(true);
    await page().waitForTimeout(400); // the map settles
    await page().getByRole('button', { name: en.map.place_pin }).click();
    await expect.poll(() => page().getByTestId('pin-state').innerText()).toBe('This is in Thanet, near Margate.');
    for (let i = 0; i < 4; i++) await next();
    expect(await checkText()).toContain('Thanet, near Margate');
  });

  it('asked no host but the app itself (no tile server is set)', () => {
    const origin = new URL(server.url).origin;
    const elsewhere = requested.filter((url) => /^https?:/.test(url) && new URL(url).origin !== origin);
    expect(requested.length).toBeGreaterThan(10);
    expect(elsewhere).toEqual([]);
  });

  it('nothing failed in the page along the way', () => {
    expect(b.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
