/// <reference lib="webworker" />
/**
 * The service worker, read as a policy (built by vite-plugin-pwa, strategy injectManifest).
 *
 * 1. The app shell, locale chunks, icons and the content pack (district boundaries) are precached at
 *    install, so every screen opens offline after one visit. Old precaches are removed.
 * 2. Any page address (navigation) is answered with the precached index.html, except /api/ and /open311/.
 * 3. Map tiles the person has looked at are kept (cache-first, at most 500, for 30 days).
 * 4. /api/ is never cached: answers for signed-in staff and report status must come from the server.
 *    There is deliberately no route for it here, so those requests go straight to the network.
 * 5. A new version waits until the person presses "Reload" (SKIP_WAITING from app/pwa.ts), except on
 *    the very first install, when the worker takes control at once so the first visit works offline.
 * Pattern from https://vite-pwa-org.netlify.app/guide/inject-manifest and elk's service worker.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
// "Forget me": the worker's databases (workbox-expiration's included) close when the page deletes them.
import './release-databases';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

// 1. Precache.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// 2. Page addresses → the app shell, never for the API.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/open311\//] }));

// 3. Map tiles: any image whose path ends in {z}/{x}/{y}.png (or .jpg/.webp, @2x), or contains "/tile",
//    whatever the tile host (TILE_URL is runtime configuration). Leaflet asks with CORS, so responses are
//    readable (status 200) and only successful ones are stored.
const TILE_PATH = /\/\d+\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/;
registerRoute(
  ({ request, url }) =>
    request.destination === 'image' &&
    !url.pathname.startsWith('/api/') &&
    (TILE_PATH.test(url.pathname) || url.pathname.includes('/tile')),
  new CacheFirst({
    cacheName: 'map-tiles',
    plugins: [new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true })],
  }),
);

// 4. /api/: no route on purpose (see above).

// 5. Updates.
let claimOnActivate = false;
self.addEventListener('install', () => {
  // No active worker yet = first install: take control of the open page once activated.
  if (!self.registration.active) claimOnActivate = true;
});
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') {
    claimOnActivate = true;
    void self.skipWaiting();
  }
});
self.addEventListener('activate', (event) => {
  if (claimOnActivate) event.waitUntil(self.clients.claim());
});

// ── HOOK: Background Sync of the report outbox ──────────────────────────────────────────
// web/service-worker/outbox-sync.ts registers its own 'sync' listener; enable it with:
import './outbox-sync';

// Newer published content, downloaded whole even if the page closes.
import './content-sync';

// Web Push: notifications and what a tap opens.
import './push-notifications';
