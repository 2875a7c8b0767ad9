// Published figures in a real browser against the built app and the real server: reports stored last month
// (six in Thanet, two in Dover; the figures count completed months only), then /figures as anyone sees it.
// Thanet's count is shown rounded to 5, Dover's is "fewer than 5", and no count below 5 is ever shown or sent;
// nothing says where a home is or what a report said; Arabic (right to left) reads properly; axe-core
// finds no violations. Runs after `npm run build`.
import { readFileSync, rmSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { newReport } from '../helpers/reports';
import { NewReport } from '../../api/contract/housing-reports';
import { openPglite, type Db } from '../../api/db/client';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';

const THANET = 'E07000114';
const DOVER = 'E07000108';
/** Inside Thanet (Margate): the server derives the district from it. Must never reach the page. */
const HOME = { lat: 51.387613, lng: 1.382467 };
const DESCRIPTION = 'Synthetic figures test: black mould behind the wardrobe in flat 12';

let server: RunningServer;
let b: BrowserSession;
const trackingCodes: string[] = [];

/** The figures count completed months only: the reports arrived on the 10th of last month. */
const now = new Date();
const LAST_MONTH = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 12));

async function send(db: Db, body: Record<string, unknown>) {
  const created = await createReport(db, {
    report: NewReport.parse(newReport(body)),
    idempotencyKey: `figures-${crypto.randomUUID()}`,
    requestHash: 'figures',
    photos: [],
    receivedAt: LAST_MONTH,
  });
  trackingCodes.push(created.response.trackingCode);
}

let dataDir = '';

beforeAll(async () => {
  dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  // Thanet: 6 reports (5 damp, 1 electrics), from a location; Dover: 2 reports, by district
  for (let i = 0; i < 6; i++) {
    const location = { lat: HOME.lat + i * 0.0001, lng: HOME.lng + i * 0.0001 };
    await send(db, {
      categories: [i < 5 ? 'damp' : 'electrics'],
      location,
      district: null,
      description: `${DESCRIPTION} (${i})`,
    });
  }
  for (let i = 0; i < 2; i++) {
    await send(db, {
      categories: ['locks_doors_windows'],
      location: null,
      district: DOVER,
      description: `${DESCRIPTION} (Dover ${i})`,
    });
  }
  await db.close();
  server = await startServer({ dataDir });
  // axe is injected as a script: the app's CSP (script-src 'self') would block it, so bypass it in the test only
  b = await setupBrowser({ bypassCSP: true });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Western digits, no bidi marks, no thousands separators: what a reader takes the figure to be. */
const plain = (text: string) =>
  text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u200e\u200f\u061c\u066c,]/g, '')
    .trim();

interface Row {
  name: string;
  cells: string[];
}

/** Opens /figures in a language; answers the table's rows (body and totals) and the API body it read. */
async function openFigures(page: Page, lang: string): Promise<{ rows: Row[]; totals: Row; api: string }> {
  const response = page.waitForResponse((r: Response) => new URL(r.url()).pathname === '/api/stats/districts');
  await page.goto(`${server.url}/figures?lang=${lang}`);
  const api = await (await response).text();
  await page.getByTestId('figures-table').waitFor();
  const read = (selector: string) =>
    page.locator(`[data-testid="figures-table"] ${selector}`).evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('th')!.textContent!.trim(),
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
      })),
    );
  const rows = await read('tbody tr');
  const [totals] = await read('tfoot tr');
  return { rows, totals: totals!, api };
}

/** Every count is the suppressed wording or a multiple of 5; the last column is a share. */
function expectNothingBelow5(rows: Row[], words: { fewer: string; notShown: string }) {
  for (const row of rows) {
    expect(row.cells).toHaveLength(6);
    const counts = row.cells.slice(0, 5);
    for (const cell of counts) {
      if (cell === words.fewer) continue;
      expect(plain(cell), `${row.name}: "${cell}"`).toMatch(/^\d+$/);
      expect(Number(plain(cell)), `${row.name}: "${cell}"`).toBeGreaterThanOrEqual(5);
      expect(Number(plain(cell)) % 5, `${row.name}: "${cell}" is not rounded to 5`).toBe(0);
    }
    const share = row.cells[5]!;
    if (share !== words.notShown) expect(plain(share), `${row.name}: share "${share}"`).toMatch(/^\d+\s*[%٪]$/);
  }
}

/** Every count in the API's answer is a multiple of 5 (5 or more); small counts are the string "<5". */
function expectApiNothingBelow5(api: string) {
  const body = JSON.parse(api) as { districts: Record<string, unknown>[]; totals: Record<string, unknown> };
  const counts = (f: Record<string, unknown>) => [
    f.total,
    ...Object.values(f.byCategoryGroup as Record<string, unknown>),
  ];
  for (const figures of [...body.districts, body.totals]) {
    for (const value of counts(figures)) {
      if (value === '<5') continue;
      expect(value, JSON.stringify(figures)).toBeGreaterThanOrEqual(5);
      expect((value as number) % 5, JSON.stringify(figures)).toBe(0);
    }
  }
}

/** Nothing about where a home is or what a report said: not on the page, not in what it downloaded. */
async function expectNoReportDetails(page: Page, api: string) {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const haystack of [html, text, api]) {
    expect(haystack).not.toContain('Synthetic figures test');
    expect(haystack).not.toContain('wardrobe');
    expect(haystack).not.toContain('51.387');
    expect(haystack).not.toContain('1.382');
    expect(haystack).not.toMatch(/"?(lat|lng|latitude|longitude|location|description)"?\s*:/i);
    for (const code of trackingCodes) expect(haystack).not.toContain(code);
  }
}

describe('published figures, anyone, no sign-in', () => {
  it('shows Thanet\'s count rounded to 5, "fewer than 5" for Dover, and never a number below 5', async () => {
    const { rows, totals, api } = await openFigures(b.page, 'en');
    const words = { fewer: en.stats.fewer_than_5, notShown: en.stats.not_shown };
    expect(b.page.url()).not.toContain('/staff/sign-in');

    const thanet = rows.find((r) => r.name === 'Thanet');
    const dover = rows.find((r) => r.name === 'Dover');
    expect(thanet, rows.map((r) => r.name).join(', ')).toBeDefined();
    expect(dover).toBeDefined();
    // columns: total, damp and mould, electrics gas and fire, security and safety, other, fixed in time
    // 6 reports and 5 damp are both shown as 5, so "total − damp" does not give the electrics report away
    expect(thanet!.cells).toEqual(['5', '5', words.fewer, words.fewer, words.fewer, words.notShown]);
    expect(dover!.cells).toEqual([words.fewer, words.fewer, words.fewer, words.fewer, words.fewer, words.notShown]);
    // a district with no reports at all looks the same as one with 1 to 4
    expect(rows.find((r) => r.name === 'Medway')!.cells[0]).toBe(words.fewer);

    expectNothingBelow5([...rows, totals], words);
    expectApiNothingBelow5(api);
    expect(JSON.parse(api).districts.find((d: { code: string }) => d.code === DOVER).total).toBe('<5');
    expect(JSON.parse(api).districts.find((d: { code: string }) => d.code === THANET).total).toBe(5);
    // on a phone the page never scrolls sideways: the table fits, or scrolls in its own box, which a
    // keyboard can reach and scroll
    expect(
      await b.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    const region = b.page.getByRole('region', {
      name: (await b.page.getByTestId('figures-table').locator('caption').textContent())!.trim(),
    });
    expect(await region.getAttribute('tabindex')).toBe('0');
    if (await region.evaluate((el) => el.scrollWidth > el.clientWidth)) {
      await region.focus();
      for (let i = 0; i < 5; i++) await b.page.keyboard.press('ArrowRight');
      await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    // the page says why some figures are hidden
    expect(await b.page.locator('main').innerText()).toContain(en.stats.note);
  });

  it('shows no location and no description anywhere', async () => {
    const { api } = await openFigures(b.page, 'en');
    await expectNoReportDetails(b.page, api);
    expect(await b.page.locator('.leaflet-container, [data-testid="map"]').count()).toBe(0);
  });

  it('works in Arabic, right to left, with the table readable', async () => {
    const { rows, totals, api } = await openFigures(b.page, 'ar');
    const words = { fewer: ar.stats.fewer_than_5, notShown: ar.stats.not_shown };
    expect(await b.page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
      'rtl',
      'ar',
    ]);
    const table = b.page.getByTestId('figures-table');
    expect((await table.locator('thead th').allTextContents()).map((s) => s.trim())).toEqual([
      ar.dashboard.table.district,
      ar.dashboard.table.total,
      ar.dashboard.group.damp_mould,
      ar.dashboard.group.electrics_gas_fire,
      ar.dashboard.group.security_safety,
      ar.dashboard.group.other,
      ar.dashboard.table.in_time,
    ]);
    const thanet = rows.find((r) => r.name === 'Thanet')!;
    expect(thanet.cells.map(plain)).toEqual(['5', '5', words.fewer, words.fewer, words.fewer, words.notShown]);
    expect(rows.find((r) => r.name === 'Dover')!.cells[0]).toBe(words.fewer);
    expectNothingBelow5([...rows, totals], words);
    await expectNoReportDetails(b.page, api);

    // right to left: the district column starts at the right-hand edge, the figures follow to its left
    const box = async (selector: string) => (await b.page.locator(selector).first().boundingBox())!;
    const tableBox = await box('[data-testid="figures-table"]');
    const districtCell = await box('[data-testid="figures-table"] thead th:first-child');
    const totalCell = await box('[data-testid="figures-table"] thead th:nth-child(2)');
    expect(Math.abs(districtCell.x + districtCell.width - (tableBox.x + tableBox.width))).toBeLessThan(2);
    expect(totalCell.x + totalCell.width).toBeLessThanOrEqual(districtCell.x + 1);
    // readable: the page itself does not scroll sideways (the table may, in its own box), no cell's text is cut
    const layout = await b.page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      cut: [...document.querySelectorAll('[data-testid="figures-table"] th, [data-testid="figures-table"] td')]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1 || cell.getBoundingClientRect().height === 0)
        .map((cell) => cell.textContent),
    }));
    expect(layout).toEqual({ page: 0, cut: [] });
    // the caption and the note are in Arabic too
    expect(await table.locator('caption').textContent()).toContain(ar.stats.caption.split('{')[0]!.trim());
    expect(await b.page.locator('main').innerText()).toContain(ar.stats.title);
  });

  it('links the same figures month by month as open data, under the Open Government Licence', async () => {
    await openFigures(b.page, 'en');
    const link = b.page.getByTestId('open-data-csv');
    expect((await link.textContent())?.trim()).toBe(en.stats.open_data.download);
    expect(await link.getAttribute('href')).toBe('/api/stats/monthly.csv');
    expect(await b.page.locator('a[rel="license"]').getAttribute('href')).toMatch(
      /open-government-licence\/version\/3\/$/,
    );
    expect(await b.page.locator('main').innerText()).toContain('Open Government Licence v3.0');
    // what the link downloads: last month's Thanet row, rounded, Dover's suppressed; no location, no text
    const [download] = await Promise.all([b.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(
      /^housing-reports-by-month_\d{4}-\d{2}-to-\d{4}-\d{2}_open-data\.csv$/,
    );
    const csv = readFileSync((await download.path())!, 'utf8');
    const month = LAST_MONTH.toISOString().slice(0, 7);
    expect(csv).toContain(`${month},Thanet,${THANET},5,5,<5,<5,<5,,`);
    expect(csv).toContain(`${month},Dover,${DOVER},<5,<5,<5,<5,<5,,`);
    expect(csv).not.toMatch(/Synthetic figures test|wardrobe|51\.387/);
    for (const code of trackingCodes) expect(csv).not.toContain(code);
  });

  it.each(['en', 'ar'])('axe-core finds no violations (%s)', async (lang) => {
    await openFigures(b.page, lang);
    expect(await axe(b.page)).toEqual([]);
  });

  it('had no errors in the page', () => {
    expect(b.errors).toEqual([]);
  });
});
