// API answers (report status, staff data) are never kept by the service worker. The real
// built worker controls the page; after API calls, no cache holds an /api/ address, and offline an API
// call fails instead of being answered from a cache or with the app shell.
import { describe, expect, it } from 'vitest';
import { startAppInBrowser } from '../helpers/app-in-browser';

const app = startAppInBrowser();

const API_PATHS = [
  '/api/health',
  '/api/districts',
  '/api/config',
  '/api/reports/KNT-0000-0000-0000-0000',
  '/api/auth/me',
  '/api/stats/districts',
];

describe('the service worker and /api/', () => {
  it('takes control of the page', async () => {
    await app.b.page.goto(`${app.server.url}/?lang=en`);
    await app.b.waitForServiceWorker();
  });

  it('lets API answers through with Cache-Control: no-store and keeps none of them', async () => {
    const seen = await app.b.page.evaluate(async (paths) => {
      const out: { path: string; status: number; cacheControl: string | null }[] = [];
      for (const path of paths) {
        const res = await fetch(path, { credentials: 'same-origin' });
        out.push({ path, status: res.status, cacheControl: res.headers.get('cache-control') });
      }
      // an image request under /api/ too (the tile route must not pick it up)
      await new Promise<void>((resolve) => {
        const img = new Image();
        img.onload = img.onerror = () => resolve();
        img.src = '/api/tiles/1/2/3.png';
      });
      return out;
    }, API_PATHS);
    for (const { path, status, cacheControl } of seen) {
      expect(status, path).toBeLessThan(500);
      // the published figures are the same for everyone and hold no personal data: a browser may keep
      // them for a few minutes; everything else is never stored
      expect(cacheControl, path).toMatch(path.startsWith('/api/stats/') ? /^public, max-age=\d+$/ : /no-store/);
    }

    const cached = await app.b.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(`${name} ${request.url}`);
      }
      return urls;
    });
    // the precache is there (so the check looks in the right place) …
    expect(cached.some((entry) => entry.includes('index.html'))).toBe(true);
    // … and holds no API address
    expect(cached.filter((entry) => new URL(entry.split(' ')[1]!).pathname.startsWith('/api/'))).toEqual([]);
  });

  it('offline, an API call fails rather than being answered from a cache', async () => {
    await app.b.goOffline();
    try {
      const results = await app.b.page.evaluate(async (paths) => {
        const out: string[] = [];
        for (const path of paths) {
          try {
            // past the browser's HTTP cache (where the public figures may sit): only the worker could answer
            const res = await fetch(path, { cache: 'no-store' });
            out.push(`${path} answered ${res.status} ${res.headers.get('content-type')}`);
          } catch {
            out.push(`${path} failed`);
          }
        }
        return out;
      }, API_PATHS);
      expect(results).toEqual(API_PATHS.map((path) => `${path} failed`));

      // a navigation to an API address is not answered with the app shell either
      const response = await app.b.page.goto(`${app.server.url}/api/health`).catch(() => null);
      expect(response === null || !(response.headers()['content-type'] ?? '').includes('text/html')).toBe(true);
    } finally {
      await app.b.goOnline();
    }
  });
});
