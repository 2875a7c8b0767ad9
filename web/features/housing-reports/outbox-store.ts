/**
 * Where the outbox keeps its entries: one IndexedDB store of reports, answers and notes about a page of
 * the offer, shared by the page and the service worker, and the messages that tell every context the store
 * changed. Sending: outbox-send.ts.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NewContentNote, NewReply, NewReportInput, PublicReport, ReportCreated } from '#contract';

import { OUTBOX_DB_NAME } from './outbox-name';

export { OUTBOX_DB_NAME };
export const OUTBOX_STORE = 'outbox';
/** Background Sync tag (web/service-worker/outbox-sync.ts listens for it). */
export const OUTBOX_SYNC_TAG = 'report-outbox';
/** Page and worker tell each other (and other tabs) that the outbox changed. */
export const OUTBOX_CHANNEL = 'clh-outbox';
/** We promise to keep a waiting report at least this long; in fact it is never removed automatically. */
export const KEEP_WAITING_DAYS = 30;

export type OutboxState = 'waiting' | 'sent' | 'failed';

export interface OutboxError {
  /** HTTP status, or 0 when the network failed. */
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

/** What every entry keeps while it waits on the phone: its key, its state and its tries. */
interface Waiting {
  /** Also the Idempotency-Key. */
  id: string;
  /** ms since epoch */
  savedAt: number;
  attempts: number;
  lastAttemptAt?: number;
  /** When a waiting entry may be tried again (0 = now). */
  nextAttemptAt: number;
  /** Why the last attempt did not deliver it (kept while waiting too, to explain the wait). */
  lastError?: OutboxError;
}

export interface OutboxEntry extends Waiting {
  /** Absent on entries saved by older versions of the app. */
  kind?: 'report';
  /** For a `followed` report, what its public view tells (no description, contact or place). */
  report: NewReportInput;
  /** Resized JPEGs (no metadata). Emptied once the report is sent. */
  photos: Blob[];
  photoCount: number;
  state: OutboxState;
  created?: ReportCreated;
  sentAt?: number;
  /** The latest public view from GET /api/reports/{trackingCode}. */
  tracking?: PublicReport;
  trackingCheckedAt?: number;
  /** The server no longer knows the code (404). */
  trackingMissing?: boolean;
  /** Not made on this phone: joined by its tracking code ("Follow a report"). */
  followed?: boolean;
  /** Made by a signed-in PA (POST /api/pa/reports, with their session): recorded as made by them. */
  via?: 'pa';
}

/** An answer to a sent report, waiting to be delivered or refused (delivered ones leave the outbox). */
export interface ReplyEntry extends Waiting {
  kind: 'reply';
  /** The report's tracking code. */
  code: string;
  reply: NewReply;
  state: Exclude<OutboxState, 'sent'>;
}

/**
 * "Something wrong here?" about an entitlement's page, waiting to be delivered or refused. Delivered, it
 * leaves the outbox: the phone keeps no copy of what was said.
 */
export interface NoteEntry extends Waiting {
  kind: 'note';
  note: NewContentNote;
  state: Exclude<OutboxState, 'sent'>;
}

export type Stored = OutboxEntry | ReplyEntry | NoteEntry;
export const isReply = (e: Stored): e is ReplyEntry => e.kind === 'reply';
export const isNote = (e: Stored): e is NoteEntry => e.kind === 'note';
export const isReport = (e: Stored): e is OutboxEntry => e.kind === undefined || e.kind === 'report';

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: Stored };
}

let dbPromise: Promise<IDBPDatabase<OutboxSchema>> | undefined;

export function openOutbox(): Promise<IDBPDatabase<OutboxSchema>> {
  dbPromise ??= openDB<OutboxSchema>(OUTBOX_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(OUTBOX_STORE, { keyPath: 'id' });
    },
    // another tab or the worker upgrades later versions: let it, and reopen next time
    blocking() {
      void dbPromise?.then((db) => db.close());
      dbPromise = undefined;
    },
  });
  dbPromise.catch(() => (dbPromise = undefined));
  return dbPromise;
}

export function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage({ type: 'changed' });
  channel.close();
}

/** Calls `listener` when the outbox changes in this or another context (tab, worker). Returns "stop". */
export function onOutboxChange(listener: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.onmessage = () => listener();
  return () => channel.close();
}

const newId = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** What every new entry starts with: its own id, waiting, saved now, not tried yet. */
type Fresh = 'id' | 'state' | 'savedAt' | 'attempts' | 'nextAttemptAt';

/** Keeps a new report, answer or note on the phone, waiting to be sent, and tells the other tabs. */
async function keepWaiting<T extends Stored>(fields: Omit<T, Fresh>, now: number): Promise<T> {
  const entry = { ...fields, id: newId(), state: 'waiting', savedAt: now, attempts: 0, nextAttemptAt: 0 } as T;
  await (await openOutbox()).put(OUTBOX_STORE, entry);
  announce();
  return entry;
}

/** Saves a new report, ready to send. Nothing touches the network before this resolves. */
export async function saveReport(
  report: NewReportInput,
  photos: Blob[],
  now = Date.now(),
  via?: 'pa',
): Promise<OutboxEntry> {
  return keepWaiting<OutboxEntry>({ ...(via ? { via } : {}), report, photos, photoCount: photos.length }, now);
}

/** Every report on this phone, newest first. */
export async function listEntries(): Promise<OutboxEntry[]> {
  const db = await openOutbox();
  const all = await db.getAll(OUTBOX_STORE);
  return all.filter(isReport).sort((a, b) => b.savedAt - a.savedAt);
}

/** Answers not delivered yet (waiting or refused), oldest first: they are sent in the order given. */
export async function listReplies(): Promise<ReplyEntry[]> {
  const all = await (await openOutbox()).getAll(OUTBOX_STORE);
  return all.filter(isReply).sort((a, b) => a.savedAt - b.savedAt);
}

/** A report on this phone (not an answer). */
export async function getEntry(id: string): Promise<OutboxEntry | undefined> {
  const entry = await (await openOutbox()).get(OUTBOX_STORE, id);
  return entry && isReport(entry) ? entry : undefined;
}

/** Notes not delivered yet (waiting or refused), oldest first. */
export async function listNotes(): Promise<NoteEntry[]> {
  const all = await (await openOutbox()).getAll(OUTBOX_STORE);
  return all.filter(isNote).sort((a, b) => a.savedAt - b.savedAt);
}

/** Saves a note about a page of the offer, ready to send (on the phone first, like a report). */
export async function saveNote(note: NewContentNote, now = Date.now()): Promise<NoteEntry> {
  return keepWaiting<NoteEntry>({ kind: 'note', note }, now);
}

/** Saves an answer to the report `code`, ready to send (same rules as a report: on the phone first). */
export async function saveReply(code: string, reply: NewReply, now = Date.now()): Promise<ReplyEntry> {
  return keepWaiting<ReplyEntry>({ kind: 'reply', code, reply }, now);
}

/**
 * "Follow a report": its public view joins My reports. A report already on this phone (made here, or
 * followed before) is brought up to date instead of listed twice. Answers the entry's id.
 */
export async function followReport(tracking: PublicReport, now = Date.now()): Promise<string> {
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  const known = (await tx.store.getAll()).find(
    (e): e is OutboxEntry => isReport(e) && e.created?.trackingCode === tracking.trackingCode,
  );
  const entry: OutboxEntry = known
    ? { ...known, tracking, trackingMissing: false, trackingCheckedAt: now }
    : {
        id: newId(),
        followed: true,
        report: {
          categories: tracking.categories,
          feelsSafe: 'not_sure',
          location: null,
          district: null,
          description: '',
          accommodationType: tracking.accommodationType,
          contact: { method: 'none' },
          createdAt: tracking.receivedAt,
        },
        photos: [],
        photoCount: 0,
        state: 'sent',
        savedAt: now,
        attempts: 0,
        nextAttemptAt: 0,
        created: {
          id: '',
          trackingCode: tracking.trackingCode,
          status: 'new',
          district: tracking.district,
          urgent: tracking.urgent,
          receivedAt: tracking.receivedAt,
          deadlines: tracking.deadlines,
          deadlinesBasis: tracking.deadlinesBasis,
          photos: 0,
        },
        sentAt: Date.parse(tracking.receivedAt),
        tracking,
        trackingCheckedAt: now,
      };
  await tx.store.put(entry);
  await tx.done;
  announce();
  return entry.id;
}

/** "Remove from this phone": the only way an entry leaves the outbox. */
export async function removeEntry(id: string): Promise<void> {
  await (await openOutbox()).delete(OUTBOX_STORE, id);
  announce();
}

/** Reads, changes and writes one entry in a single transaction (page and worker may both write). */
export async function update<T extends Stored = OutboxEntry>(
  id: string,
  change: (entry: T) => T | undefined,
): Promise<T | undefined> {
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  const current = (await tx.store.get(id)) as T | undefined;
  const next = current ? change(current) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) announce();
  return next;
}

/** A report or answer that could not be sent (4xx) goes back to waiting when the person asks to try again. */
export function retryEntry(id: string): Promise<Stored | undefined> {
  return update<Stored>(id, (e) => (e.state === 'failed' ? { ...e, state: 'waiting', nextAttemptAt: 0 } : undefined));
}
