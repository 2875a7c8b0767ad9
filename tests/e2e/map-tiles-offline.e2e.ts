// Foundation (map + PWA): tiles come from TILE_URL, the ones the person has seen are cached by the
// service worker and shown offline; nothing from /api/ is ever cached.
// A local tile server stands in for OpenStreetMap (this machine has no network to it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { startTileServer, type TileServer } from '../helpers/tile-server';

let tiles: TileServer;
let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  tiles = await startTileServer();
  server = await startServer({ env: { TILE_URL: tiles.template } });
  b = await setupBrowser();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  await tiles?.close();
});

const loadedTiles = () =>
  b.page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLImageElement>('img.leaflet-tile')].filter(
        (i) => i.complete && i.naturalWidth > 0,
      ).length,
  );
const cachedTiles = () => b.page.evaluate(async () => (await (await caches.open('map-tiles')).keys()).length);

it('caches the tiles the person has seen and shows them offline', async () => {
  await b.page.goto(`${server.url}/?lang=en`);
  await b.waitForServiceWorker();

  await b.page.goto(`${server.url}/about`);
  await expect
    .poll(loadedTiles, {
      timeout: 15_000,
      message: 'tiles shown online (if 0: does the CSP connect-src allow the tile host for the service worker?)',
    })
    .toBeGreaterThan(0);
  expect(tiles.hits()).toBeGreaterThan(0);
  await expect.poll(cachedTiles, { timeout: 10_000 }).toBeGreaterThan(0);

  await b.goOffline();
  await b.page.reload();
  await b.page.locator('[data-testid="map"] path.leaflet-interactive').first().waitFor();
  await expect.poll(loadedTiles, { timeout: 15_000, message: 'tiles shown offline from the cache' }).toBeGreaterThan(0);
  await b.goOnline();
});

it('never caches anything from /api/', async () => {
  await b.page.evaluate(() => fetch('/api/health').then((r) => r.json()));
  const apiEntries = await b.page.evaluate(async () => {
    const found: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (new URL(request.url).pathname.startsWith('/api/')) found.push(`${name}: ${request.url}`);
      }
    }
    return found;
  });
  expect(apiEntries).toEqual([]);
});
