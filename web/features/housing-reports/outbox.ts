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
 * A note about a page of the offer ("Something wrong here?") waits in it too, as a `kind: 'note'` entry,
 * under the same rules; delivered, it leaves the outbox.
 */
export {
  KEEP_WAITING_DAYS,
  OUTBOX_CHANNEL,
  OUTBOX_DB_NAME,
  OUTBOX_STORE,
  OUTBOX_SYNC_TAG,
  followReport,
  getEntry,
  listEntries,
  listNotes,
  listReplies,
  onOutboxChange,
  openOutbox,
  removeEntry,
  retryEntry,
  saveNote,
  saveReply,
  saveReport,
  type NoteEntry,
  type OutboxEntry,
  type OutboxError,
  type OutboxState,
  type ReplyEntry,
} from './outbox-store';
export {
  backoffMs,
  flushOutbox,
  recordNoteOutcome,
  recordOutcome,
  recordReplyOutcome,
  sendEntry,
  sendNote,
  sendReply,
  type FlushSummary,
  type NoteOutcome,
  type ReplyOutcome,
  type SendOutcome,
} from './outbox-send';
export { lookUpReport, refreshTracking, requestBackgroundSync, type LookUp } from './outbox-tracking';
