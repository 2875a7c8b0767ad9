/**
 * The report being written, kept on the phone (IndexedDB) at every step, photos included: a reload, a tab
 * the browser discarded while the camera was open, or going offline loses nothing. One draft per phone;
 * it is deleted once the report is in the outbox, or when the young person deletes it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportDraft } from './report-draft';

export const DRAFT_DB_NAME = 'clh-report-draft';

/** The draft as stored: photos as plain Blobs (their preview URLs belong to one page). */
export interface SavedDraft {
  draft: Omit<ReportDraft, 'photos'> & { photos: Blob[] };
  /** index in STEPS */
  step: number;
  /** ms since epoch */
  savedAt: number;
}

interface DraftSchema extends DBSchema {
  draft: { key: string; value: SavedDraft };
}

const KEY = 'current';
let dbPromise: Promise<IDBPDatabase<DraftSchema>> | undefined;

function openDraftDb(): Promise<IDBPDatabase<DraftSchema>> {
  dbPromise ??= openDB<DraftSchema>(DRAFT_DB_NAME, 1, {
    upgrade: (db) => void db.createObjectStore('draft'),
    // "Forget me" deletes the database: let it, and open it afresh next time
    blocking: (_current, _next, event) => {
      (event.target as IDBDatabase).close();
      dbPromise = undefined;
    },
  });
  dbPromise.catch(() => (dbPromise = undefined));
  return dbPromise;
}

/** A copy of the form as it is stored (the form itself is a plain object: pass `toRaw(draft)`). */
export function snapshot(draft: ReportDraft, step: number): SavedDraft {
  const { photos, ...rest } = draft;
  return { draft: { ...structuredClone(rest), photos: photos.map((p) => p.blob) }, step, savedAt: Date.now() };
}

export async function saveDraft(saved: SavedDraft): Promise<void> {
  await (await openDraftDb()).put('draft', saved, KEY);
}

export async function loadDraft(): Promise<SavedDraft | undefined> {
  return (await openDraftDb()).get('draft', KEY);
}

export async function deleteDraft(): Promise<void> {
  await (await openDraftDb()).delete('draft', KEY);
}
