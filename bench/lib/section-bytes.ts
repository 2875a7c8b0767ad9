/** Section 1: bytes per route, first visit, precache and file sizes against the budgets. */
import { BUDGETS } from './goals';
import { distFiles, measureFirstVisit, measureRoutes, readPrecache, type RouteSpec } from './bytes';
import { figure, kb, type SectionResult } from './results';
import type { BenchContext } from './context';

/** The routes a care leaver or a PA opens, measured here and held to the budgets by tests/e2e/budgets.e2e.ts. */
export const PUBLIC_ROUTES: readonly RouteSpec[] = [
  { name: 'home', path: '/?lang=en' },
  { name: 'local offer', path: '/offer?lang=en' },
  { name: 'check', path: '/check?lang=en' },
  { name: 'report', path: '/report?lang=en', withLeaflet: true },
  { name: 'my reports', path: '/my-reports?lang=en' },
  { name: 'visit', path: '/visit?lang=en' },
];

export async function bytesSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const session = await ctx.staffSession();
  const routes: RouteSpec[] = [
    ...PUBLIC_ROUTES,
    { name: 'dashboard', path: '/dashboard?lang=en', cookies: session?.cookies },
  ];
  const measured = await measureRoutes(ctx.server.url, ctx.distDir, routes);
  const firstVisit = await measureFirstVisit(ctx.server.url, '/');
  const precache = readPrecache(ctx.distDir);
  const files = distFiles(ctx.distDir);
  const byName = (name: string) => measured.find((r) => r.name === name)!;
  const worstCss = measured.reduce((a, r) => (r.css.gzip > a.css.gzip ? r : a));
  const notes: string[] = [
    'Route sizes: the built JS and CSS files headless Chromium fetched for the route (phone viewport, service worker blocked, `?lang=en`), compressed with the server\'s settings (gzip -9, brotli -q 11). "transfer" is what the server actually sent for the page (brotli, headers included).',
    `First visit: a fresh browser opening \`/\`, counted on the wire by a byte-counting proxy until the service worker had installed its precache and the network was quiet (${firstVisit.requests} requests; the page alone, service worker blocked: ${kb(firstVisit.pageOnly)}). Map tiles come from another host and are not counted.`,
    `Precache: the ${precache.files.length} entries in sw.js; the budget is on their stored size, as Workbox counts it (on the wire, brotli as the server sends them: ${kb(precache.total.br)}). The first-visit budget is on the page alone; the first visit with the whole precache is reported beside it.`,
  ];
  for (const r of measured) {
    if (r.leafletAdded)
      notes.push(
        `${r.name}: Leaflet is loaded on demand; its files (${r.leafletAdded.join(', ')}) are included in the figure.`,
      );
    if (r.finalPath !== new URL(r.path, 'http://x').pathname)
      notes.push(`${r.name}: the page ended on ${r.finalPath} (redirected).`);
  }
  if (!session)
    notes.push('dashboard: no staff session could be made, so the figure is for whatever the route shows signed out.');
  if (!firstVisit.serviceWorkerControlled)
    notes.push('First visit: no service worker took control within 30 s; the precache may not be counted in full.');

  return {
    figures: [
      figure('bytes.firstPageJsGzip', 'First page (home) JS, gzip', byName('home').js.gzip, 'bytes', {
        op: '<=',
        value: BUDGETS.firstPageJsGzip,
      }),
      figure('bytes.reportJsGzip', 'Report route JS with Leaflet, gzip', byName('report').js.gzip, 'bytes', {
        op: '<=',
        value: BUDGETS.reportRouteJsGzip,
      }),
      figure('bytes.routeCssGzipMax', `CSS of a route, gzip (largest: ${worstCss.name})`, worstCss.css.gzip, 'bytes', {
        op: '<=',
        value: BUDGETS.routeCssGzip,
      }),
      figure(
        'bytes.firstVisit',
        'First visit transfer (the page, before the precache), no tiles',
        firstVisit.pageOnly,
        'bytes',
        { op: '<=', value: BUDGETS.firstVisitTransfer },
      ),
      figure(
        'bytes.firstVisitWithPrecache',
        'First visit transfer incl. the whole precache, no tiles (reported)',
        firstVisit.total,
        'bytes',
      ),
      figure('bytes.precacheTotal', `Precache stored (${precache.files.length} files)`, precache.total.raw, 'bytes', {
        op: '<=',
        value: BUDGETS.precacheTotal,
      }),
      figure('bytes.precacheBrotli', 'Precache transfer, brotli (reported)', precache.total.br, 'bytes'),
      figure(
        'bytes.precacheLargest',
        `Largest precached file (${precache.largest.url})`,
        precache.largest.raw,
        'bytes',
        { op: '<=', value: BUDGETS.fileMax },
      ),
      figure('bytes.fileMax', `Largest built file (${files[0]!.path})`, files[0]!.raw, 'bytes', {
        op: '<=',
        value: BUDGETS.fileMax,
      }),
    ],
    tables: [
      {
        title: 'Bytes per route',
        head: ['route', 'JS gzip', 'JS brotli', 'CSS gzip', 'CSS brotli', 'other (br)', 'transfer', 'JS files'],
        rows: measured.map((r) => [
          r.name,
          kb(r.js.gzip),
          kb(r.js.br),
          kb(r.css.gzip),
          kb(r.css.br),
          kb(r.other.br),
          kb(r.transfer),
          r.jsFiles.length,
        ]),
      },
      {
        title: 'Largest built files',
        head: ['file', 'size', 'gzip', 'precached'],
        rows: files.slice(0, 8).map((f) => {
          const p = precache.files.find((x) => x.url === f.path);
          return [f.path, kb(f.raw), p ? kb(p.sizes.gzip) : '', p ? 'yes' : 'no'];
        }),
      },
      {
        title: `Largest precached files (of ${precache.files.length}; by brotli size, what a first visit downloads)`,
        head: ['file', 'size', 'brotli'],
        rows: [...precache.files]
          .sort((a, b) => b.sizes.br - a.sizes.br)
          .slice(0, 12)
          .map((f) => [f.url, kb(f.sizes.raw), kb(f.sizes.br)]),
      },
    ],
    notes,
    data: {
      routes: measured,
      firstVisit,
      precache: { total: precache.total, largest: precache.largest, count: precache.files.length },
      largestFiles: files.slice(0, 20),
    },
  };
}
