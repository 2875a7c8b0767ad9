/**
 * Newer published content, looked for when the phone is online: on start, when the app comes back to the
 * screen and when the network returns (at most once a minute). The service worker does the download
 * (web/service-worker/content-sync.ts), so it finishes even if the page is closed half-way, and the
 * browser may also wake it now and then for an installed app; without a worker the page does it itself.
 * Offline the phone uses what it stored. web/app/content-overlay.ts lays the items over the built pack.
 */
import { contentOverlay, type ContentOverlay } from './content-overlay';
import {
  CONTENT_SYNC_TAG,
  CONTENT_UPDATE_MESSAGE,
  fetchContentUpdate,
  readStoredOverlay,
  saveOverlay,
  type ContentUpdateReply,
} from './content-update-fetch';

export { CONTENT_DB_NAME } from './content-update-fetch';

const CHECK_EVERY_MS = 60_000;
/** A worker that does not answer in this time (an old one, or stopped): the page does it. */
const WORKER_WAIT_MS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

function use(overlay: ContentOverlay | null | undefined): void {
  if (overlay && (contentOverlay.value?.version ?? 0) <= overlay.version) contentOverlay.value = overlay;
}

let stored: Promise<void> | undefined;

/** Reads the stored update once, and puts it in use. */
export function loadStoredOverlay(): Promise<void> {
  stored ??= readStoredOverlay()
    .then((overlay) => {
      if (overlay && (contentOverlay.value?.version ?? 0) < overlay.version) contentOverlay.value = overlay;
    })
    .catch((error: unknown) => console.warn('Stored content update could not be read', error));
  return stored;
}

/** Asks the page's service worker to update; undefined when there is none or it did not answer. */
function askWorker(locales: string[]): Promise<ContentUpdateReply | undefined> {
  const worker = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (!worker) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), WORKER_WAIT_MS);
    channel.port1.onmessage = (event: MessageEvent<ContentUpdateReply>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage({ type: CONTENT_UPDATE_MESSAGE, locales }, [channel.port2]);
  });
}

async function update(locales: string[]): Promise<void> {
  await loadStoredOverlay();
  const reply = await askWorker(locales);
  if (reply && 'overlay' in reply) use(reply.overlay);
  // no worker, or it could not (its network may come back a moment after the page's): the page tries,
  // unless the signal has gone meanwhile
  else if (!offline()) use(await fetchContentUpdate(locales));
  lastCheck = Date.now();
}

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

let lastCheck = 0;
let running: Promise<void> | null = null;

/**
 * Brings the phone's content to the published version for `locales`. `force`: even if it asked less than
 * a minute ago (a new language was chosen).
 */
export function checkForUpdate(locales: string[], force = false): Promise<void> {
  if (running) return running;
  if (!force && Date.now() - lastCheck < CHECK_EVERY_MS) return Promise.resolve();
  if (offline()) return Promise.resolve();
  running = update([...new Set(locales)])
    .catch((error: unknown) => console.warn('Content update failed; keeping what the phone has', error))
    .finally(() => (running = null));
  return running;
}

/** "Information updated" has been shown: kept, so it shows once. */
export async function markAnnounced(): Promise<void> {
  const overlay = contentOverlay.value;
  if (!overlay || overlay.announced) return;
  const next = { ...overlay, announced: true };
  await saveOverlay(next).catch(() => undefined);
  if (contentOverlay.value?.version === next.version) contentOverlay.value = next;
}

type PeriodicSync = { register(tag: string, options: { minInterval: number }): Promise<void> };

/** Starts the checks: now, when the app is shown again, and when the network comes back. */
export function startContentUpdates(locales: () => string[]): void {
  const check = () => void checkForUpdate(locales());
  void loadStoredOverlay().then(check);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  window.addEventListener('online', () => {
    lastCheck = 0;
    check();
  });
  // an installed app may be woken about once a day to update; browsers refuse it to a tab, which is fine
  void navigator.serviceWorker?.ready
    .then((registration) =>
      (registration as ServiceWorkerRegistration & { periodicSync?: PeriodicSync }).periodicSync?.register(
        CONTENT_SYNC_TAG,
        { minInterval: DAY_MS },
      ),
    )
    .catch(() => undefined);
}
