// Byte budgets, enforced on every `npm test` against the built app (dist/) served by the real
// server. The first page's JS (≤ 100 KB gzip) is checked by build.e2e.ts; the rest is here. The same
// measuring code makes the figures of `npm run bench` (bench/lib/bytes.ts), so the two cannot disagree.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distFiles, measureFirstVisit, measureRoutes, readPrecache, type RouteBytes } from '../../bench/lib/bytes';
import { BUDGETS } from '../../bench/lib/goals';
import { launchChromium } from '../helpers/browser';
import { PUBLIC_ROUTES } from '../../bench/lib/section-bytes';
import { startServer, type RunningServer } from '../helpers/server';

const dist = join(import.meta.dirname, '../../dist');
const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

let server: RunningServer;
let browser: Browser;
let routes: RouteBytes[];

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  server = await startServer();
  browser = await launchChromium();
  routes = await measureRoutes(
    server.url,
    dist,
    [
      ...PUBLIC_ROUTES,
      // signed out: the dashboard sends the person to sign in
      { name: 'dashboard', path: '/dashboard?lang=en' },
      { name: 'staff sign-in', path: '/staff/sign-in?lang=en' },
    ],
    browser,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('byte budgets', () => {
  // build.e2e.ts counts the first page's static imports; this is everything the browser really loads
  // for it, lazy chunks (UI strings, the page) included
  it(`the first page (home) loads at most ${KB(BUDGETS.firstPageJsGzip)} of JS in the browser (gzip)`, () => {
    const home = routes.find((r) => r.name === 'home')!;
    expect(home.js.gzip, `home JS: ${home.jsFiles.join(', ')}`).toBeLessThanOrEqual(BUDGETS.firstPageJsGzip);
  });

  it(`the report route, Leaflet included, loads at most ${KB(BUDGETS.reportRouteJsGzip)} of JS (gzip)`, () => {
    const report = routes.find((r) => r.name === 'report')!;
    // the figure must really contain Leaflet, whether the page loaded it or it was added as "on demand"
    expect(report.jsFiles.length + (report.leafletAdded?.length ?? 0)).toBeGreaterThan(1);
    expect(report.js.gzip, `report route JS: ${report.jsFiles.join(', ')}`).toBeLessThanOrEqual(
      BUDGETS.reportRouteJsGzip,
    );
  });

  it(`no route loads more than ${KB(BUDGETS.routeCssGzip)} of CSS (gzip)`, () => {
    const tooBig = routes
      .filter((r) => r.css.gzip > BUDGETS.routeCssGzip)
      .map((r) => `${r.name}: ${KB(r.css.gzip)} (${r.cssFiles.join(', ')})`);
    expect(tooBig).toEqual([]);
    // and the measurement saw CSS at all (a broken measurement must not pass)
    expect(routes.every((r) => r.css.gzip > 0)).toBe(true);
  });

  it(`the precache holds at most ${KB(BUDGETS.precacheTotal)}, stored (so on the wire too)`, () => {
    const precache = readPrecache(dist);
    expect(precache.files.length).toBeGreaterThan(5);
    const biggest = [...precache.files]
      .sort((a, b) => b.sizes.raw - a.sizes.raw)
      .slice(0, 10)
      .map((f) => `${f.url} ${KB(f.sizes.raw)}`);
    console.log(
      `precache: ${precache.files.length} files, ${KB(precache.total.raw)} stored, ${KB(precache.total.br)} brotli`,
    );
    expect(
      precache.total.raw,
      `${precache.files.length} files; the largest: ${biggest.join(', ')}`,
    ).toBeLessThanOrEqual(BUDGETS.precacheTotal);
    expect(precache.total.br).toBeLessThan(precache.total.raw);
  });

  it(`no built file is over ${KB(BUDGETS.fileMax)}`, () => {
    const files = distFiles(dist);
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => f.raw > BUDGETS.fileMax).map((f) => `${f.path}: ${KB(f.raw)}`)).toEqual([]);
  });

  it(`a first visit transfers at most ${KB(BUDGETS.firstVisitTransfer)} for the page itself (map tiles excluded; the precache has its own budget)`, async () => {
    const visit = await measureFirstVisit(server.url, '/', browser);
    expect(visit.serviceWorkerControlled, 'the service worker took control (so its precache was counted)').toBe(true);
    expect(visit.total).toBeGreaterThan(visit.pageOnly);
    const precache = readPrecache(dist);
    expect(
      visit.pageOnly,
      `then the service worker's precache: ${precache.files.length} files, ${KB(precache.total.br)} brotli; ${KB(visit.total)} in all`,
    ).toBeLessThanOrEqual(BUDGETS.firstVisitTransfer);
  });
});
