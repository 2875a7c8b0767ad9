/**
 * Sending what waits in the outbox, and keeping what came of each attempt (rules in outbox.ts): one report,
 * answer or note at a time, with backoff, under one lock shared by the page and the service worker.
 */
import type { PublicReport, ReportCreated } from '#contract';

import { toApiError } from '../../app/api-client';
import {
  OUTBOX_STORE,
  announce,
  isNote,
  isReply,
  isReport,
  listEntries,
  listNotes,
  listReplies,
  openOutbox,
  update,
  type NoteEntry,
  type OutboxEntry,
  type OutboxError,
  type ReplyEntry,
  type Stored,
} from './outbox-store';

const LOCK_NAME = 'clh-outbox-flush';
const SEND_TIMEOUT_MS = 90_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 15 * 60_000;

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

export type NoteOutcome = { kind: 'sent' } | Exclude<SendOutcome, { kind: 'sent' }>;

/** One attempt to deliver one note. Never throws. */
export async function sendNote(entry: NoteEntry, fetchImpl: typeof fetch = fetch): Promise<NoteOutcome> {
  const response = await post(
    '/api/content/notes',
    {
      headers: { 'Idempotency-Key': entry.id, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(entry.note),
    },
    fetchImpl,
  );
  if (!(response instanceof Response)) return response as NoteOutcome;
  if (!response.ok) return (await refused(response)) as NoteOutcome;
  return { kind: 'sent' };
}

/** Records a note's attempt: delivered, it leaves the outbox; else it waits or is refused, like an answer. */
export async function recordNoteOutcome(id: string, outcome: NoteOutcome, now = Date.now()) {
  if (outcome.kind === 'sent') {
    await (await openOutbox()).delete(OUTBOX_STORE, id);
    announce();
    return undefined;
  }
  return update<NoteEntry>(id, (e) => notDelivered(e, outcome, now));
}

type Missed = Exclude<SendOutcome, { kind: 'sent' }>;

/**
 * An attempt that did not deliver, for any kind of entry: waiting again after a back-off (or the server's
 * Retry-After, whichever is longer), or refused for good.
 */
function notDelivered<E extends Stored>(e: E, outcome: Missed, now: number): E {
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
}

/** 2 s, 4 s, 8 s … up to 15 minutes, ±20 % so that many phones do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Records the outcome of an attempt. A report already marked sent (by another context) stays sent. */
export function recordOutcome(id: string, outcome: SendOutcome, now = Date.now()): Promise<OutboxEntry | undefined> {
  return update(id, (e) => {
    if (e.state === 'sent' || !isReport(e)) return undefined;
    if (outcome.kind !== 'sent') return notDelivered(e, outcome, now);
    return {
      ...e,
      state: 'sent',
      attempts: e.attempts + 1,
      lastAttemptAt: now,
      created: outcome.created,
      sentAt: now,
      photos: [],
      lastError: undefined,
    };
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
    return update<ReplyEntry>(id, (e) => notDelivered(e, outcome, now));
  }
  const db = await openOutbox();
  const tx = db.transaction(OUTBOX_STORE, 'readwrite');
  for (const e of await tx.store.getAll()) {
    if (isReport(e) && e.created?.trackingCode === outcome.report.trackingCode)
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
    for (const entry of [...(await listEntries()), ...(await listReplies()), ...(await listNotes())]) {
      if (entry.state !== 'waiting') continue;
      if (!options.force && entry.nextAttemptAt > now()) {
        summary.waiting++;
        summary.nextAttemptAt = Math.min(summary.nextAttemptAt ?? Infinity, entry.nextAttemptAt);
        continue;
      }
      const outcome = isNote(entry)
        ? await sendNote(entry, options.fetch)
        : isReply(entry)
          ? await sendReply(entry, options.fetch)
          : await sendEntry(entry, options.fetch);
      const stored = isNote(entry)
        ? await recordNoteOutcome(entry.id, outcome as NoteOutcome, now())
        : isReply(entry)
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
