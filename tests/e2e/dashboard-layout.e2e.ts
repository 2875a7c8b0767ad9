// The commissioners' dashboard as a person sees it, with a modest amount of demo data (api/cli/demo-seed.ts):
// at 1366 × 768 the headline strip is on the first screen, every column of the district table is in view
// with no sideways scroll of the page, and sorting keeps the district names in view; at 390 × 844 the
// strip shows and the table scrolls inside its own box with the district column stuck at its start. The
// CSV downloaded from the page holds the same reports as the table counts. At both sizes nothing on the
// screen moves while the figures arrive (the strip's labels and note are drawn before them); on the phone
// the map (Leaflet) loads only when scrolled near.
// Runs after `npm run build`.
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { seedDemoReports } from '../../api/cli/demo-seed';
import { openPglite } from '../../api/db/client';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff';

const EMAIL = 'kent.commissioner@example.test';

let server: RunningServer;
let b: BrowserSession;
let dataDir: string;

beforeAll(async () => {
  dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  try {
    const staff = await createStaff(db, { email: EMAIL, role: 'commissioner' });
    await seedDemoReports(db, { count: 150, actorId: staff.id, seed: 3 });
  } finally {
    await db.close();
  }
  server = await startServer({ dataDir });
  b = await setupBrowser();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await b.browser.newContext({ viewport });
  const res = await context.request.post(`${server.url}/api/auth/login`, {
    data: { email: EMAIL, password: STAFF_PASSWORD },
    headers: { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' },
  });
  expect(res.status()).toBe(200);
  const page = await context.newPage();
  await page.goto(`${server.url}/dashboard?lang=en`);
  await page.getByTestId('district-table').waitFor();
  await page.getByTestId('headline').waitFor();
  return { context, page };
}

/**
 * The layout shifts of the page's load, as the browser scored them (no input on the page yet), once the last
 * part of the figures (the providers) is drawn.
 */
async function layoutShift(page: Page): Promise<number> {
  await page.locator('[aria-labelledby="dashboard-providers-title"]').waitFor();
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!e.hadRecentInput) sum += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(sum), 200);
      }),
  );
}

const pageScrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('at 1366 × 768', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await signedIn({ width: 1366, height: 768 })));
  afterAll(() => context?.close());

  it('moves nothing on the screen while the figures arrive', async () => {
    expect(await layoutShift(page)).toBeLessThan(0.01);
  });

  it('shows the headline strip on the first screen', async () => {
    const items = page.getByTestId('headline').locator('li');
    expect(await items.count()).toBe(7);
    for (const box of await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.bottom).toBeLessThanOrEqual(768);
    }
    expect(await page.getByTestId('headline-open').textContent()).toContain(en.dashboard.headline.open);
  });

  it('has every column of the district table in view and no sideways scroll', async () => {
    expect(await pageScrollsSideways(page)).toBe(false);
    const table = page.getByTestId('district-table');
    const boxes = await table
      .locator('thead th')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes.length).toBeGreaterThanOrEqual(11);
    for (const box of boxes) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(1366);
    }
    const box = await page
      .locator('.dashboard-table')
      .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    expect(await table.locator('tfoot th').textContent()).toBe(en.dashboard.table.totals);
  });

  it('sorting by the last column keeps the district names in view', async () => {
    const table = page.getByTestId('district-table');
    const last = table.locator('thead th').last();
    await last.locator('button').click();
    await expect.poll(() => last.getAttribute('aria-sort')).toBe('descending');
    const first = table.locator('tbody th').first();
    const box = (await first.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    // what is drawn there is the district's name, not a figure scrolled over it
    const name = (await first.textContent())!.trim();
    expect(
      await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest('th')?.textContent?.trim(),
        [box.x + 8, box.y + box.height / 2],
      ),
    ).toBe(name);
    expect(await pageScrollsSideways(page)).toBe(false);
  });

  it('the CSV holds the period on screen: as many reports as the table counts', async () => {
    const href = await page.getByRole('link', { name: en.dashboard.export }).getAttribute('href');
    expect(href).toMatch(/from=\d{4}-\d{2}&to=\d{4}-\d{2}/);
    const res = await context.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/filename="housing-reports_\d{4}-\d{2}-to-\d{4}-\d{2}\.csv"/);
    const rows = (await res.text()).trim().split('\r\n').length - 1;
    const onScreen = Number(
      (await page.getByTestId('district-table').locator('tfoot td').first().textContent())!.replace(/\D/g, ''),
    );
    expect(onScreen).toBeGreaterThan(0);
    expect(rows).toBe(onScreen);
  });

  it('the month filters show the period applied, and the trend marks the month not over', async () => {
    expect(await page.locator('#filter-from').inputValue()).toMatch(/^\d{4}-\d{2}$/);
    expect(await page.locator('#filter-to').inputValue()).toMatch(/^\d{4}-\d{2}$/);
    expect(await page.locator('.dashboard-trend table').textContent()).toContain(en.dashboard.trend.so_far);
    expect(await page.getByRole('button', { name: en.map.use_my_location }).count()).toBe(0);
  });
});

describe('at 390 × 844', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await signedIn({ width: 390, height: 844 })));
  afterAll(() => context?.close());

  it('moves nothing on the screen while the figures arrive', async () => {
    expect(await layoutShift(page)).toBeLessThan(0.01);
  });

  it('loads the map only when it is scrolled near', async () => {
    await page.waitForTimeout(1500); // longer than the map waits for an idle moment
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    await page.locator('#dashboard-map-title').scrollIntoViewIfNeeded();
    await page.locator('.leaflet-container').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('shows the headline strip on the first screen', async () => {
    for (const box of await page
      .getByTestId('headline')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.bottom).toBeLessThanOrEqual(844);
      expect(box.right).toBeLessThanOrEqual(390);
    }
  });

  it('scrolls the table inside its box, the district column stuck at its start', async () => {
    expect(await pageScrollsSideways(page)).toBe(false);
    const wrapper = page.locator('.dashboard-table');
    const sizes = await wrapper.evaluate((e) => ({
      scroll: e.scrollWidth,
      client: e.clientWidth,
      left: e.getBoundingClientRect().left,
    }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await wrapper.evaluate((e) => (e.scrollLeft = e.scrollWidth));
    const first = page.getByTestId('district-table').locator('tbody th').first();
    const box = (await first.boundingBox())!;
    expect(Math.abs(box.x - sizes.left)).toBeLessThanOrEqual(1);
    expect(await pageScrollsSideways(page)).toBe(false);
  });
});

describe("the page's first requests", () => {
  /** A first visit, signed in: a new browser context (no service worker yet) with a session cookie. */
  async function firstVisit(): Promise<BrowserContext> {
    const context = await b.browser.newContext({ viewport: { width: 390, height: 844 } });
    const res = await context.request.post(`${server.url}/api/auth/login`, {
      data: { email: EMAIL, password: STAFF_PASSWORD },
      headers: { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(res.status()).toBe(200);
    return context;
  }

  it('draws the strip’s labels and note before its figures arrive, then the figures in their place', async () => {
    const context = await firstVisit();
    const page = await context.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/dashboard/summary**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/dashboard?lang=en&from=2026-01&to=2026-03`);
    const strip = page.locator('section.headline[aria-busy="true"]');
    await strip.waitFor();
    expect(await strip.locator('li').count()).toBe(7);
    expect(await strip.locator('li').first().textContent()).toContain(en.dashboard.headline.open);
    // the 3 months before January–March 2026, named from the address alone
    const note = page.locator('.headline__note');
    expect(await note.textContent()).toContain('from October to December 2025');
    const noteAt = (await note.boundingBox())!.y;
    release();
    await page.getByTestId('headline').waitFor();
    expect(await page.getByTestId('headline-open').locator('.headline__value').textContent()).toMatch(/\d/);
    expect(await note.textContent()).toContain('from October to December 2025');
    expect((await note.boundingBox())!.y).toBe(noteAt);
    await context.close();
  });

  const html = async (path: string, cookie?: string) =>
    (await fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} })).text();

  it('names the page’s files in the page, and its first API answers only to someone signed in', async () => {
    const context = await firstVisit();
    const [session] = await context.cookies(server.url);
    await context.close();
    const signedInHtml = await html(
      '/dashboard?lang=en&district=E07000105&from=2026-01',
      `${session!.name}=${session!.value}`,
    );
    expect(signedInHtml).toMatch(
      /<link rel="modulepreload" crossorigin href="\/assets\/staff-DashboardPage-[^"]+\.js">/,
    );
    expect(signedInHtml).toContain(
      '<link rel="preload" as="fetch" crossorigin href="/api/dashboard/summary?from=2026-01&amp;district=E07000105">',
    );
    expect(signedInHtml).toContain('<link rel="preload" as="fetch" crossorigin href="/api/auth/me">');
    const signedOutHtml = await html('/dashboard?lang=en');
    expect(signedOutHtml).toMatch(/rel="modulepreload" crossorigin href="\/assets\/staff-DashboardPage-/);
    expect(signedOutHtml).not.toContain('/api/');
    // a young person's pages are sent as they were
    expect(await html('/report')).not.toContain('staff-');
  });

  for (const query of ['lang=en', 'lang=en&from=2026-01&district=E07000105']) {
    it(`asks for each first answer once, taking the one the page named (${query})`, async () => {
      const context = await firstVisit();
      const page = await context.newPage();
      const unused: string[] = [];
      page.on('console', (m) => {
        if (/preloaded using link preload but not used/.test(m.text())) unused.push(m.text());
      });
      await page.goto(`${server.url}/dashboard?${query}`);
      await page.getByTestId('headline').waitFor();
      const entries = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\/api\/(auth\/me|dashboard\/summary|alerts\/status)|\.words$/.test(e.name))
          .map((e) => ({ path: new URL(e.name).pathname, initiator: (e as PerformanceResourceTiming).initiatorType })),
      );
      const api = entries.filter((e) => e.path.startsWith('/api/'));
      expect(api.map((e) => e.path).sort()).toEqual(['/api/alerts/status', '/api/auth/me', '/api/dashboard/summary']);
      // each requested once, by the page's links: the scripts' own requests took those answers
      for (const e of api) expect(e.initiator, e.path).toBe('link');
      const words = entries.filter((e) => e.path.endsWith('.words'));
      expect(new Set(words.map((e) => e.path)).size).toBe(words.length);
      await page.waitForTimeout(3500); // the browser warns of an unused preload after about 3 s
      expect(unused).toEqual([]);
      await context.close();
    });
  }
});
