/**
 * The report outbox: every report made on this phone, in IndexedDB, from the moment "Send" is pressed.
 * Shared by the page (report form, "My reports", the retry loop in outbox-runner.ts) and the service
 * worker (Background Sync, web/service-worker/outbox-sync.ts), so it imports nothing from Vue or the DOM
 * beyond what a worker has.
 *
 * Rules, stricter than Workbox's BackgroundSyncPlugin, which counts any HTTP answer (500
 * included) as delivered and silently drops requests after 7 days:
 * - saved with its Idempotency-Key BEFORE any network call, so a crash or a closed tab loses nothing, and
 *   every retry (from the page or the worker, racing or not) is the same report to the server;
 * - 2xx with a tracking code → sent (the photos are then deleted from the phone; the server has them);
 * - no network, a timeout, 408, 425, 429 or 5xx → still waiting, retried with backoff (2 s, 4 s, 8 s …,
 *   at most 15 minutes; Retry-After is honoured);
 * - any other 4xx → "couldn't send", kept with the server's reason until the person retries or removes it;
 * - nothing is ever deleted without the person asking ("remove from this phone"); a waiting report is
 *   kept however old it gets (at least 30 days is the promise), and its age is shown.
 * Page and worker serialise their flushes with the Web Locks API where the browser has it; without it, a
 * race only means a replay, which the Idempotency-Key turns into the same answer.
 *
 * The young person's answers to a report (a reply, "It's not fixed", "It came back") wait in the same store,
 * under the same rules, as `kind: 'reply'` entries. Once one is delivered, the server's answer (the report's
 * public view, the answer in its history) replaces the report's `tracking` and the answer leaves the outbox.
 * A report followed by its tracking code ("Follow a report") is kept here too, as a sent entry (`followed`).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NewReply, NewReportInput, PublicReport, ReportCreated } from '#contract';

import { OUTBOX_DB_NAME } from './outbox-name';
import { toApiError } from '../../app/api-client';

export { OUTBOX_DB_NAME };
export const OUTBOX_STORE = 'outbox';
/** Background Sync tag (web/service-worker/outbox-sync.ts listens for it). */
export const OUTBOX_SYNC_TAG = 'report-outbox';
/** Page and worker tell each other (and other tabs) that the outbox changed. */
export const OUTBOX_CHANNEL = 'clh-outbox';
const LOCK_NAME = 'clh-outbox-flush';
const SEND_TIMEOUT_MS = 90_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 15 * 60_000;
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

export interface OutboxEntry {
  /** Absent on entries saved by older versions of the app. */
  kind?: 'report';
  /** Also the Idempotency-Key. */
  id: string;
  /** For a `followed` report, what its public view tells (no description, contact or place). */
  report: NewReportInput;
  /** Resized JPEGs (no metadata). Emptied once the report is sent. */
  photos: Blob[];
  photoCount: number;
  state: OutboxState;
  /** ms since epoch */
  savedAt: number;
  attempts: number;
  lastAttemptAt?: number;
  /** When a waiting report may be tried again (0 = now). */
  nextAttemptAt: number;
  /** Why the last attempt did not deliver it (kept while waiting too, to explain the wait). */
  lastError?: OutboxError;
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
export interface ReplyEntry {
  kind: 'reply';
  /** Also the Idempotency-Key. */
  id: string;
  /** The report's tracking code. */
  code: string;
  reply: NewReply;
  state: Exclude<OutboxState, 'sent'>;
  savedAt: number;
  attempts: number;
  lastAttemptAt?: number;
  nextAttemptAt: number;
  lastError?: OutboxError;
}

type Stored = OutboxEntry | ReplyEntry;
const isReply = (e: Stored): e is ReplyEntry => e.kind === 'reply';

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

function announce(): void {
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

/** Saves a new report, ready to send. Nothing touches the network before this resolves. */
export async function saveReport(
  report: NewReportInput,
  photos: Blob[],
  now = Date.now(),
  via?: 'pa',
): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    ...(via ? { via } : {}),
    id: newId(),
    report,
    photos,
    photoCount: photos.length,
    state: 'waiting',
    savedAt: now,
    attempts: 0,
    nextAttemptAt: 0,
  };
  const db = await openOutbox();
  await db.put(OUTBOX_STORE, entry);
  announce();
  return entry;
}

/** Every report on this phone, newest first. */
export async function listEntries(): Promise<OutboxEntry[]> {
  const db = await openOutbox();
  const all = await db.getAll(OUTBOX_STORE);
  return all.filter((e): e is OutboxEntry => !isReply(e)).sort((a, b) => b.savedAt - a.savedAt);
}

/** Answers not delivered yet (waiting or refused), oldest first: they are sent in the order given. */
export async function listReplies(): Promise<ReplyEntry[]> {
  const all = await (await openOutbox()).getAll(OUTBOX_STORE);
  return all.filter(isReply).sort((a, b) => a.savedAt - b.savedAt);
}

/** A report on this phone (not an answer). */
export async function getEntry(id: string): Promise<OutboxEntry | undefined> {
  const entry = await (await openOutbox()).get(OUTBOX_STORE, id);
  return entry && !isReply(entry) ? entry : undefined;
}

/** Saves an answer to the report `code`, ready to send (same rules as a report: on the phone first). */
export async function saveReply(code: string, reply: NewReply, now = Date.now()): Promise<ReplyEntry> {
  const entry: ReplyEntry = {
    kind: 'reply',
    id: newId(),
    code,
    reply,
    state: 'waiting',
    savedAt: now,
    attempts: 0,
    nextAttemptAt: 0,
  };
  await (await openOutbox()).put(OUTBOX_STORE, entry);
  announce();
  return entry;
}

/**
 * "Follow a report": its public view joins My reports. A report already on this phone (made here, or
 * followed before) is brought up to date instead of listed twice. Answers the entry's id.
 */
export async function followReport(tracking: PublicReport, now = Date.now()): Promise<string> {
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  const known = (await tx.store.getAll()).find(
    (e): e is OutboxEntry => !isReply(e) && e.created?.trackingCode === tracking.trackingCode,
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
async function update<T extends Stored = OutboxEntry>(
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

// ── Sending ─────────────────────────────────────────────────────────────────────────────────────

export type SendOutcome =
  | { kind: 'sent'; created: ReportCreated }
  | { kind: 'retry'; error: OutboxError; retryAfterMs?: number }
  | { kind: 'failed'; error: OutboxError };

const RETRY_STATUSES = new Set([408, 425, 429]);

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The API's refusal, as the outbox keeps it (plain data: IndexedDB stores it, the worker reads it). */
async function errorFrom(response: Response): Promise<OutboxError> {
  const { status, code, message, fields } = await toApiError(response);
  return { status, code, message, ...(Object.keys(fields).length > 0 ? { fields } : {}) };
}

/** One request of the outbox: the answer, or the outcome when there is no answer worth reading. */
async function post(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response | SendOutcome> {
  try {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined;
    return await fetchImpl(url, { method: 'POST', credentials: 'same-origin', signal, ...init });
  } catch (cause) {
    return { kind: 'retry', error: { status: 0, code: 'network', message: String(cause) } };
  }
}

/** What a refusal means: try again later (5xx, 408, 425, 429) or not until the person asks (other 4xx). */
async function refused(response: Response): Promise<SendOutcome> {
  const error = await errorFrom(response);
  if (response.status >= 500 || RETRY_STATUSES.has(response.status)) {
    return { kind: 'retry', error, retryAfterMs: retryAfterMs(response.headers.get('Retry-After')) };
  }
  return { kind: 'failed', error };
}

const unreadable = (status: number): SendOutcome => ({
  kind: 'retry',
  error: { status, code: 'invalid_response', message: 'The answer could not be read' },
});

/** One attempt to deliver one report. Never throws. */
export async function sendEntry(entry: OutboxEntry, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  const headers: Record<string, string> = { 'Idempotency-Key': entry.id, Accept: 'application/json' };
  let body: BodyInit;
  if (entry.photos.length > 0) {
    const form = new FormData();
    form.set('report', JSON.stringify(entry.report));
    entry.photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`));
    body = form;
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(entry.report);
  }

  const response = await post(entry.via === 'pa' ? '/api/pa/reports' : '/api/reports', { headers, body }, fetchImpl);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return refused(response);
  try {
    const created = (await response.json()) as ReportCreated;
    if (typeof created?.trackingCode === 'string') return { kind: 'sent', created };
  } catch {
    /* fall through: the replay will give the body */
  }
  return unreadable(response.status);
}

export type ReplyOutcome = { kind: 'sent'; report: PublicReport } | Exclude<SendOutcome, { kind: 'sent' }>;

/** One attempt to deliver one answer. Never throws. A 409 (the report cannot be opened again) is final. */
export async function sendReply(entry: ReplyEntry, fetchImpl: typeof fetch = fetch): Promise<ReplyOutcome> {
  const response = await post(
    `/api/reports/${encodeURIComponent(entry.code)}/replies`,
    {
      headers: { 'Idempotency-Key': entry.id, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(entry.reply),
    },
    fetchImpl,
  );
  if (!(response instanceof Response)) return response as ReplyOutcome;
  if (!response.ok) return (await refused(response)) as ReplyOutcome;
  try {
    const report = (await response.json()) as PublicReport;
    if (typeof report?.trackingCode === 'string') return { kind: 'sent', report };
  } catch {
    /* fall through: a retry with the same key gets the same answer */
  }
  return unreadable(response.status) as ReplyOutcome;
}

/** 2 s, 4 s, 8 s … up to 15 minutes, ±20 % so that many phones do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Records the outcome of an attempt. A report already marked sent (by another context) stays sent. */
export function recordOutcome(id: string, outcome: SendOutcome, now = Date.now()): Promise<OutboxEntry | undefined> {
  return update(id, (e) => {
    if (e.state === 'sent' || isReply(e)) return undefined;
    const attempts = e.attempts + 1;
    switch (outcome.kind) {
      case 'sent':
        return {
          ...e,
          state: 'sent',
          attempts,
          lastAttemptAt: now,
          created: outcome.created,
          sentAt: now,
          photos: [],
          lastError: undefined,
        };
      case 'retry':
        return {
          ...e,
          state: 'waiting',
          attempts,
          lastAttemptAt: now,
          nextAttemptAt: now + Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts)),
          lastError: outcome.error,
        };
      case 'failed':
        return { ...e, state: 'failed', attempts, lastAttemptAt: now, lastError: outcome.error };
    }
  });
}

/**
 * Records the outcome of an answer's attempt. Delivered: the report's public view from the server (with the
 * answer in its history) goes to every entry of that report, and the answer leaves the outbox, in one step.
 */
export async function recordReplyOutcome(
  id: string,
  outcome: ReplyOutcome,
  now = Date.now(),
): Promise<ReplyEntry | undefined> {
  if (outcome.kind !== 'sent') {
    return update<ReplyEntry>(id, (e) => {
      const attempts = e.attempts + 1;
      return outcome.kind === 'retry'
        ? {
            ...e,
            state: 'waiting',
            attempts,
            lastAttemptAt: now,
            nextAttemptAt: now + Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts)),
            lastError: outcome.error,
          }
        : { ...e, state: 'failed', attempts, lastAttemptAt: now, lastError: outcome.error };
    });
  }
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  for (const e of await tx.store.getAll()) {
    if (!isReply(e) && e.created?.trackingCode === outcome.report.trackingCode)
      await tx.store.put({ ...e, tracking: outcome.report, trackingMissing: false, trackingCheckedAt: now });
  }
  await tx.store.delete(id);
  await tx.done;
  announce();
  return undefined;
}

export interface FlushSummary {
  sent: number;
  /** Still waiting after this flush (to retry later). */
  waiting: number;
  failed: number;
  /** The earliest time a waiting report may be tried again, if any. */
  nextAttemptAt?: number;
}

interface LockNavigator {
  locks?: { request<T>(name: string, callback: () => Promise<T>): Promise<T> };
}

/**
 * Sends every waiting report that is due (all waiting ones with `force`, e.g. when the network comes
 * back), one at a time. Used by the page and by the service worker.
 */
export async function flushOutbox(
  options: { force?: boolean; fetch?: typeof fetch; now?: () => number } = {},
): Promise<FlushSummary> {
  const run = async (): Promise<FlushSummary> => {
    const now = options.now ?? Date.now;
    const summary: FlushSummary = { sent: 0, waiting: 0, failed: 0 };
    // reports first: an answer is always to a report that has been sent
    for (const entry of [...(await listEntries()), ...(await listReplies())]) {
      if (entry.state !== 'waiting') continue;
      if (!options.force && entry.nextAttemptAt > now()) {
        summary.waiting++;
        summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? Infinity, entry.nextAttemptAt);
        continue;
      }
      const outcome = isReply(entry) ? await sendReply(entry, options.fetch) : await sendEntry(entry, options.fetch);
      const stored = isReply(entry)
        ? await recordReplyOutcome(entry.id, outcome as ReplyOutcome, now())
        : await recordOutcome(entry.id, outcome as SendOutcome, now());
      if (outcome.kind === 'sent') summary.sent++;
      else if (outcome.kind === 'failed') summary.failed++;
      else {
        summary.waiting++;
        if (stored) summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? Infinity, stored.nextAttemptAt);
      }
    }
    return summary;
  };
  const locks = (globalThis.navigator as LockNavigator | undefined)?.locks;
  return locks ? locks.request(LOCK_NAME, run) : run();
}

// ── Tracking ────────────────────────────────────────────────────────────────────────────────────

export type LookUp =
  | { kind: 'found'; report: PublicReport }
  | { kind: 'not_found' }
  /** No network. */
  | { kind: 'offline' }
  /** Too many look-ups from here for now (429): wait a minute. */
  | { kind: 'busy' }
  | { kind: 'error' };

/** GET /api/reports/{code}: a report's public view. Never throws. */
export async function lookUpReport(code: string, fetchImpl: typeof fetch = fetch): Promise<LookUp> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/reports/${encodeURIComponent(code)}`, { headers: { Accept: 'application/json' } });
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 404) return { kind: 'not_found' };
  if (response.status === 429) return { kind: 'busy' };
  if (!response.ok) return { kind: 'error' };
  try {
    const report = (await response.json()) as PublicReport;
    return typeof report?.trackingCode === 'string' ? { kind: 'found', report } : { kind: 'error' };
  } catch {
    return { kind: 'error' };
  }
}

/** Refreshes a sent report's public view. Never throws; offline or a server problem leaves it as it was. */
export async function refreshTracking(
  entry: OutboxEntry,
  fetchImpl: typeof fetch = fetch,
): Promise<OutboxEntry | undefined> {
  const code = entry.created?.trackingCode;
  if (!code) return entry;
  const found = await lookUpReport(code, fetchImpl);
  if (found.kind === 'not_found') {
    return update(entry.id, (e) => ({ ...e, trackingMissing: true, trackingCheckedAt: Date.now() }));
  }
  if (found.kind !== 'found') return entry;
  const tracking = found.report;
  return update(entry.id, (e) => ({ ...e, tracking, trackingMissing: false, trackingCheckedAt: Date.now() }));
}

// ── Background Sync (page side) ─────────────────────────────────────────────────────────────────

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Asks the service worker to send the outbox when the network is back, where the browser has Background
 * Sync (Chromium). Elsewhere (Safari, Firefox) the page's own retries are the way. Resolves to whether a
 * sync was registered.
 */
export async function requestBackgroundSync(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !('SyncManager' in globalThis))
    return false;
  try {
    const registration = (await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<undefined>((resolve) => setTimeout(resolve, 3000, undefined)),
    ])) as (ServiceWorkerRegistration & SyncRegistration) | undefined;
    if (!registration?.sync) return false;
    await registration.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
