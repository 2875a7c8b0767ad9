/**
 * Bringing the phone's content to the published version, used by the page and by the service worker
 * alike (no Vue here): it asks for the published version; when that is newer than what the phone has, it
 * downloads only the items changed since, for the languages the phone uses. The whole update is stored in
 * one IndexedDB transaction and only then used, so the phone never holds half an update; until then it
 * keeps the version it had.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ContentChanges, ContentVersion } from '#contract';
import type { ContentOverlay } from './content-overlay';

export const CONTENT_DB_NAME = 'clh-content';
/** The page asks its service worker to update with this message (and a port for the answer). */
export const CONTENT_UPDATE_MESSAGE = 'CONTENT_UPDATE';
/** The browser's periodic wake-up of an installed app. */
export const CONTENT_SYNC_TAG = 'content-update';
/** The worker's answer: the new overlay, null when there was nothing new, or what went wrong. */
export type ContentUpdateReply = { overlay: ContentOverlay | null } | { error: string };
/** The pack the app is built with is the first published version (the server loads it as version 1). */
const BUILT_VERSION = 1;

interface ContentSchema extends DBSchema {
  overlay: { key: string; value: ContentOverlay };
  /** The languages the phone was last used in, so the worker can update on its own. */
  languages: { key: string; value: string[] };
}
const KEY = 'current';
let dbPromise: Promise<IDBPDatabase<ContentSchema>> | undefined;

function openContentDb(): Promise<IDBPDatabase<ContentSchema>> {
  dbPromise ??= openDB<ContentSchema>(CONTENT_DB_NAME, 2, {
    upgrade: (db, oldVersion) => {
      if (oldVersion < 1) db.createObjectStore('overlay');
      if (oldVersion < 2) db.createObjectStore('languages');
    },
    // "Forget me" deletes the database: let it, and open it afresh next time
    blocking: (_current, _next, event) => {
      (event.target as IDBDatabase).close();
      dbPromise = undefined;
    },
  });
  dbPromise.catch(() => (dbPromise = undefined));
  return dbPromise;
}

export async function readStoredOverlay(): Promise<ContentOverlay | undefined> {
  return (await openContentDb()).get('overlay', KEY);
}

/** The languages the phone last asked for; English when it never asked. */
export async function readStoredLanguages(): Promise<string[]> {
  return (await (await openContentDb()).get('languages', KEY)) ?? ['en'];
}

export async function saveOverlay(overlay: ContentOverlay): Promise<void> {
  const db = await openContentDb();
  const tx = db.transaction('overlay', 'readwrite');
  await Promise.all([tx.store.put(overlay, KEY), tx.done]);
}

async function getJson<T>(path: string): Promise<T | null> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  return response.ok ? ((await response.json()) as T) : null;
}

/**
 * Stores the published version's changes for `locales` and returns the new overlay; null when the phone
 * is current, the server could not say, or its answer was broken (what the phone has is kept).
 */
export async function fetchContentUpdate(locales: string[]): Promise<ContentOverlay | null> {
  const wantedNow = [...new Set(locales)];
  await (await openContentDb()).put('languages', wantedNow, KEY);
  const published = await getJson<ContentVersion>('/api/content/version');
  if (!published) return null;
  const have = await readStoredOverlay();
  const haveVersion = have?.version ?? BUILT_VERSION;
  const covered = !have || wantedNow.every((l) => have.locales.includes(l));
  if (published.version < haveVersion) return null; // the server went back in time (a restored backup): keep ours
  if (published.version === haveVersion && covered) return null;

  // the items changed since the version the phone has; a language it did not have: everything since the build
  const wanted = [...new Set([...(have?.locales ?? []), ...wantedNow])];
  const since = covered ? haveVersion : BUILT_VERSION;
  if (since >= published.version) return null;
  const changes = await getJson<ContentChanges>(
    `/api/content/versions/${published.version}/changes?since=${since}&locales=${wanted.map(encodeURIComponent).join(',')}`,
  );
  if (!changes || changes.version !== published.version || !Array.isArray(changes.items)) return null;

  const items: Record<string, unknown> = since === BUILT_VERSION ? {} : { ...have?.items };
  for (const { key, value } of changes.items) items[key] = value;
  const next: ContentOverlay = {
    version: published.version,
    publishedAt: published.publishedAt,
    locales: wanted,
    items,
    announced: published.version === haveVersion ? (have?.announced ?? false) : false,
  };
  await saveOverlay(next);
  return next;
}
