/**
 * Visit drafts on this phone: IndexedDB database 'clh-visit', object store 'visit-drafts' (idb).
 * Nothing here talks to the network. Visit mode uses no localStorage or sessionStorage at all.
 *
 * - The database is only created when a visit is first saved: looking at the list never creates it.
 * - Deleting the last visit ("Finish and forget", or the 14-day clean-up) deletes the whole database,
 *   so nothing of a visit is left on the phone, not even an empty store.
 * - Writes are queued one after another, so a late autosave can never bring back a forgotten visit.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isExpired, sanitizeDraft, type VisitDraft } from './visit-draft';

export const VISIT_DB_NAME = 'clh-visit';
export const VISIT_STORE = 'visit-drafts';

interface VisitSchema extends DBSchema {
  'visit-drafts': { key: string; value: VisitDraft };
}

let dbPromise: Promise<IDBPDatabase<VisitSchema>> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every write queued before it (errors do not block the queue). */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function open(): Promise<IDBPDatabase<VisitSchema>> {
  dbPromise ??= openDB<VisitSchema>(VISIT_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(VISIT_STORE, { keyPath: 'id' });
    },
    // Another tab wants to delete or upgrade the database: let it.
    blocking() {
      void close();
    },
    terminated() {
      dbPromise = undefined;
    },
  });
  dbPromise.catch(() => (dbPromise = undefined));
  return dbPromise;
}

async function close(): Promise<void> {
  const pending = dbPromise;
  dbPromise = undefined;
  if (pending) (await pending.catch(() => undefined))?.close();
}

/** Whether the database exists, without creating it (true when the browser cannot tell). */
async function exists(): Promise<boolean> {
  if (dbPromise) return true;
  if (typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((d) => d.name === VISIT_DB_NAME);
  } catch {
    return true;
  }
}

/** Every visit on this phone, newest first (unreadable records are left out). */
export function listDrafts(): Promise<VisitDraft[]> {
  return serial(async () => {
    if (!(await exists())) return [];
    const all = await (await open()).getAll(VISIT_STORE);
    return all
      .map((d) => sanitizeDraft(d))
      .filter((d): d is VisitDraft => d !== null)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  });
}

export function getDraft(id: string): Promise<VisitDraft | null> {
  return serial(async () => {
    if (!(await exists())) return null;
    return sanitizeDraft(await (await open()).get(VISIT_STORE, id));
  });
}

/** Saves (creates or replaces) a visit. The object is stored as a plain copy. */
export function saveDraft(draft: VisitDraft): Promise<void> {
  const copy = JSON.parse(JSON.stringify(draft)) as VisitDraft;
  return serial(async () => {
    await (await open()).put(VISIT_STORE, copy);
  });
}

async function deleteDatabaseIfEmpty(): Promise<void> {
  const db = await open();
  if ((await db.count(VISIT_STORE)) > 0) return;
  await close();
  await deleteDB(VISIT_DB_NAME);
}

/** Deletes one visit; deletes the database when it was the last one. */
export function deleteDraft(id: string): Promise<void> {
  return serial(async () => {
    if (!(await exists())) return;
    await (await open()).delete(VISIT_STORE, id);
    await deleteDatabaseIfEmpty();
  });
}

/** Deletes the visits started more than 14 days ago (and unreadable ones); returns how many went. */
export function deleteExpiredDrafts(now = Date.now()): Promise<number> {
  return serial(async () => {
    if (!(await exists())) return 0;
    const db = await open();
    const tx = db.transaction(VISIT_STORE, 'readwrite');
    let removed = 0;
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      const draft = sanitizeDraft(cursor.value);
      if (!draft || isExpired(draft, now)) {
        await cursor.delete();
        removed += 1;
      }
    }
    await tx.done;
    await deleteDatabaseIfEmpty();
    return removed;
  });
}
