/**
 * Newer published content, fetched when the phone is online: on start, when the app comes back to the
 * screen and when the network returns (at most once a minute), it asks for the published version; when
 * that is newer than what the phone has, it downloads only the items changed since, for the languages
 * the phone uses (the chosen one and English, its fallback). The whole update is stored in one IndexedDB
 * transaction and only then used, so the phone never shows half an update; offline it uses what it
 * stored. web/app/content-overlay.ts lays the items over the pack the app was built with.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ContentChanges, ContentVersion } from '#contract';
import { contentOverlay, type ContentOverlay } from './content-overlay';

export const CONTENT_DB_NAME = 'clh-content';
/** The pack the app is built with is the first published version (the server loads it as version 1). */
const BUILT_VERSION = 1;
const CHECK_EVERY_MS = 60_000;

interface ContentSchema extends DBSchema {
  overlay: { key: string; value: ContentOverlay };
}
const KEY = 'current';
let dbPromise: Promise<IDBPDatabase<ContentSchema>> | undefined;

function openContentDb(): Promise<IDBPDatabase<ContentSchema>> {
  dbPromise ??= openDB<ContentSchema>(CONTENT_DB_NAME, 1, {
    upgrade: (db) => void db.createObjectStore('overlay'),
    // "Forget me" deletes the database: let it, and open it afresh next time
    blocking: (_current, _next, event) => {
      (event.target as IDBDatabase).close();
      dbPromise = undefined;
    },
  });
  dbPromise.catch(() => (dbPromise = undefined));
  return dbPromise;
}

let stored: Promise<void> | undefined;

/** Reads the stored update once, and puts it in use. */
export function loadStoredOverlay(): Promise<void> {
  stored ??= openContentDb()
    .then((db) => db.get('overlay', KEY))
    .then((overlay) => {
      if (overlay && (contentOverlay.value?.version ?? 0) < overlay.version) contentOverlay.value = overlay;
    })
    .catch((error: unknown) => console.warn('Stored content update could not be read', error));
  return stored;
}

async function save(overlay: ContentOverlay): Promise<void> {
  const db = await openContentDb();
  const tx = db.transaction('overlay', 'readwrite');
  await Promise.all([tx.store.put(overlay, KEY), tx.done]);
}

async function getJson<T>(path: string): Promise<T | null> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  return response.ok ? ((await response.json()) as T) : null;
}

let lastCheck = 0;
let running: Promise<void> | null = null;

/**
 * Brings the phone's content to the published version for `locales`. `force`: even if it asked less than
 * a minute ago (a new language was chosen).
 */
export function checkForUpdate(locales: string[], force = false): Promise<void> {
  if (running) return running;
  if (!force && Date.now() - lastCheck < CHECK_EVERY_MS) return Promise.resolve();
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return Promise.resolve();
  running = update([...new Set(locales)])
    .catch((error: unknown) => console.warn('Content update failed; keeping what the phone has', error))
    .finally(() => (running = null));
  return running;
}

async function update(locales: string[]): Promise<void> {
  await loadStoredOverlay();
  const published = await getJson<ContentVersion>('/api/content/version');
  if (!published) return;
  lastCheck = Date.now();
  const have = contentOverlay.value;
  const haveVersion = have?.version ?? BUILT_VERSION;
  const covered = !have || locales.every((l) => have.locales.includes(l));
  if (published.version <= haveVersion && covered) return;
  if (published.version < haveVersion) return; // the server went back in time (a restored backup): keep ours

  // the items changed since the version the phone has; a language it did not have: everything since the build
  const wanted = [...new Set([...(have?.locales ?? []), ...locales])];
  const since = covered ? haveVersion : BUILT_VERSION;
  if (since >= published.version) return;
  const changes = await getJson<ContentChanges>(
    `/api/content/versions/${published.version}/changes?since=${since}&locales=${wanted.map(encodeURIComponent).join(',')}`,
  );
  if (!changes || changes.version !== published.version || !Array.isArray(changes.items)) return;

  const items: Record<string, unknown> = since === BUILT_VERSION ? {} : { ...have?.items };
  for (const { key, value } of changes.items) items[key] = value;
  const next: ContentOverlay = {
    version: published.version,
    publishedAt: published.publishedAt,
    locales: wanted,
    items,
    announced: published.version === haveVersion ? (have?.announced ?? false) : false,
  };
  await save(next);
  contentOverlay.value = next;
}

/** "Information updated" has been shown: kept, so it shows once. */
export async function markAnnounced(): Promise<void> {
  const overlay = contentOverlay.value;
  if (!overlay || overlay.announced) return;
  const next = { ...overlay, announced: true };
  await save(next).catch(() => undefined);
  if (contentOverlay.value?.version === next.version) contentOverlay.value = next;
}

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
}
