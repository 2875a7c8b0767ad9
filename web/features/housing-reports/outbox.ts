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
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NewReportInput, PublicReport, ReportCreated } from '#contract';

import { OUTBOX_DB_NAME } from './outbox-name';

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
  /** Also the Idempotency-Key. */
  id: string;
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
}

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: OutboxEntry };
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
export async function saveReport(report: NewReportInput, photos: Blob[], now = Date.now()): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
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
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

export async function getEntry(id: string): Promise<OutboxEntry | undefined> {
  return (await openOutbox()).get(OUTBOX_STORE, id);
}

/** "Remove from this phone": the only way an entry leaves the outbox. */
export async function removeEntry(id: string): Promise<void> {
  await (await openOutbox()).delete(OUTBOX_STORE, id);
  announce();
}

/** Reads, changes and writes one entry in a single transaction (page and worker may both write). */
async function update(
  id: string,
  change: (entry: OutboxEntry) => OutboxEntry | undefined,
): Promise<OutboxEntry | undefined> {
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  const current = await tx.store.get(id);
  const next = current ? change(current) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next) announce();
  return next;
}

/** A report that could not be sent (4xx) goes back to waiting when the person asks to try again. */
export function retryEntry(id: string): Promise<OutboxEntry | undefined> {
  return update(id, (e) => (e.state === 'failed' ? { ...e, state: 'waiting', nextAttemptAt: 0 } : undefined));
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

async function errorFrom(response: Response): Promise<OutboxError> {
  let body: { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  return {
    status: response.status,
    code: typeof e?.code === 'string' ? e.code : `http_${response.status}`,
    message: typeof e?.message === 'string' ? e.message : response.statusText || `HTTP ${response.status}`,
    ...(e?.fields && typeof e.fields === 'object' ? { fields: e.fields as Record<string, string> } : {}),
  };
}

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

  let response: Response;
  try {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined;
    response = await fetchImpl('/api/reports', { method: 'POST', headers, body, credentials: 'same-origin', signal });
  } catch (cause) {
    return { kind: 'retry', error: { status: 0, code: 'network', message: String(cause) } };
  }

  if (response.ok) {
    try {
      const created = (await response.json()) as ReportCreated;
      if (typeof created?.trackingCode === 'string') return { kind: 'sent', created };
    } catch {
      /* fall through: the replay will give the body */
    }
    return {
      kind: 'retry',
      error: { status: response.status, code: 'invalid_response', message: 'The answer could not be read' },
    };
  }
  const error = await errorFrom(response);
  if (response.status >= 500 || RETRY_STATUSES.has(response.status)) {
    return { kind: 'retry', error, retryAfterMs: retryAfterMs(response.headers.get('Retry-After')) };
  }
  return { kind: 'failed', error };
}

/** 2 s, 4 s, 8 s … up to 15 minutes, ±20 % so that many phones do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Records the outcome of an attempt. A report already marked sent (by another context) stays sent. */
export function recordOutcome(id: string, outcome: SendOutcome, now = Date.now()): Promise<OutboxEntry | undefined> {
  return update(id, (e) => {
    if (e.state === 'sent') return undefined;
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
    for (const entry of await listEntries()) {
      if (entry.state !== 'waiting') continue;
      if (!options.force && entry.nextAttemptAt > now()) {
        summary.waiting++;
        summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? Infinity, entry.nextAttemptAt);
        continue;
      }
      const outcome = await sendEntry(entry, options.fetch);
      const stored = await recordOutcome(entry.id, outcome, now());
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

/** Refreshes a sent report's public view. Never throws; offline or a server problem leaves it as it was. */
export async function refreshTracking(
  entry: OutboxEntry,
  fetchImpl: typeof fetch = fetch,
): Promise<OutboxEntry | undefined> {
  const code = entry.created?.trackingCode;
  if (!code) return entry;
  let response: Response;
  try {
    response = await fetchImpl(`/api/reports/${encodeURIComponent(code)}`, { headers: { Accept: 'application/json' } });
  } catch {
    return entry;
  }
  if (response.status === 404) {
    return update(entry.id, (e) => ({ ...e, trackingMissing: true, trackingCheckedAt: Date.now() }));
  }
  if (!response.ok) return entry;
  let tracking: PublicReport;
  try {
    tracking = (await response.json()) as PublicReport;
  } catch {
    return entry;
  }
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
