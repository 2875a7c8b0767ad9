import { Hono } from 'hono';
import type { ClientConfig } from '#contract';
import type { AppDeps } from './deps';
import { handleError, notFound } from './lib/errors';
import { silentLogger } from './lib/log';
import { createMetrics } from './lib/metrics';
import { metricsRoute, observeRequests } from './lib/observe';
import { requestLimits } from './lib/request-limits';
import { securityHeaders } from './lib/security-headers';
import { readRouteHints, routePageCache } from './lib/route-hints';
import { loadStaticFiles, serveFile } from './lib/static-files';
import { alerts } from './modules/alerts/alerts.routes';
import { push } from './modules/alerts/push.routes';
import { auth } from './modules/auth/auth.routes';
import { readSessionToken } from './modules/auth/sessions';
import { content } from './modules/content/content.routes';
import { careLeaversAdmin } from './modules/dashboard/care-leavers.routes';
import { dashboard } from './modules/dashboard/dashboard.routes';
import { dashboardFirstRequests, type FirstRequests } from './modules/dashboard/first-requests';
import { districts } from './modules/districts/districts.routes';
import { health } from './modules/health/health.routes';
import { housingReports } from './modules/housing-reports/housing-reports.routes';
import { open311Admin } from './modules/open311/open311.admin.routes';
import { open311Refusal } from './modules/open311/open311.format';
import { open311 } from './modules/open311/open311.routes';
import { pa } from './modules/pa/pa.routes';
import { stats } from './modules/stats/stats.routes';

/**
 * Builds the whole app: the JSON API under /api, then the built PWA when a static folder is given
 * (`compressedDir`: the build's compressed copies of its files, see loadStaticFiles).
 */
export function createApp(deps: AppDeps, options: { staticDir?: string; compressedDir?: string } = {}) {
  const app = new Hono();
  const metrics = deps.metrics ?? createMetrics();
  app.use(observeRequests({ log: deps.log ?? silentLogger(), metrics, env: deps.env }));
  app.use(securityHeaders(deps.env));
  // rate limits (shared through the database) and body limits for /api and /open311
  app.use(requestLimits(deps.env, deps.db, { '/open311/': open311Refusal }));
  app.onError(handleError);

  const api = new Hono();
  api.use(async (c, next) => {
    await next();
    // API answers are never stored by browsers or the service worker unless a route says otherwise
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  api.route('/health', health(deps));
  api.route('/districts', districts);
  api.route('/reports', housingReports(deps));
  api.route('/auth', auth(deps));
  api.route('/dashboard', dashboard(deps));
  api.route('/pa', pa(deps));
  api.route('/stats', stats(deps));
  api.route('/admin/api-keys', open311Admin(deps));
  api.route('/admin/care-leavers', careLeaversAdmin(deps));
  api.route('/alerts', alerts(deps));
  api.route('/push', push(deps));
  api.route('/content', content(deps));
  api.get('/config', (c) =>
    c.json({ tileUrl: deps.env.TILE_URL ?? null, tileAttribution: deps.env.TILE_ATTRIBUTION } satisfies ClientConfig),
  );
  api.notFound(notFound);
  app.route('/api', api);
  // Open311 GeoReport v2 for partner systems (docs/open311.md): its own XML/JSON error format
  app.route('/open311/v2', open311(deps));
  app.get('/metrics', metricsRoute({ metrics, env: deps.env }));

  if (options.staticDir) mountPwa(app, options.staticDir, deps, options.compressedDir);
  app.notFound(notFound);
  return app;
}

/** Static files from memory, and index.html for client routes (never for /api or /open311). */
function mountPwa(app: Hono, staticDir: string, deps: AppDeps, compressedDir?: string) {
  const files = loadStaticFiles(staticDir, compressedDir);
  const index = files.get('/index.html');
  // a page whose own files (and, for someone signed in, first API answers) the page names up front
  const hints = readRouteHints(files.get('/route-hints.json'));
  const hinted = index && routePageCache(index);
  const firstRequests: Record<string, (query: URLSearchParams) => FirstRequests> = {
    '/dashboard': dashboardFirstRequests,
  };
  app.on(['GET', 'HEAD'], '*', (c, next) => {
    const file = files.get(c.req.path);
    if (file) return serveFile(c, file);
    const isClientRoute = !/^\/(api|open311)(\/|$)/.test(c.req.path) && !/\.[a-z0-9]+$/i.test(c.req.path);
    if (!index || !isClientRoute) return next();
    const routeHints = hints.get(c.req.path);
    if (!routeHints || !hinted) return serveFile(c, index);
    // nobody signed in: the page sends them to sign in, so its API answers would be refusals
    const signedIn = readSessionToken(c, deps.env) !== undefined;
    const api = signedIn ? firstRequests[c.req.path]?.(new URL(c.req.url).searchParams) : undefined;
    return serveFile(c, hinted(routeHints, api?.paths, api?.filtered));
  });
}

export type App = ReturnType<typeof createApp>;
