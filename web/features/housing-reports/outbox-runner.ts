/**
 * The page's side of the outbox (the baseline that works in every browser, Safari included): send waiting
 * reports when the app starts, when the network comes back (`online`), every minute while the app is open,
 * and at the moment a backed-off report becomes due. Started once, from routes.ts, whatever page opens.
 * The service worker's Background Sync (web/service-worker/outbox-sync.ts) is the extra path where the
 * browser has it; both use outbox.ts and its Web Lock, so a report is never sent twice at the same moment.
 */
import { flushOutbox, requestBackgroundSync, type FlushSummary } from './outbox';

const MINUTE = 60_000;

let started = false;
let running: Promise<FlushSummary | undefined> | undefined;
let queued: { force: boolean } | undefined;
let dueTimer: ReturnType<typeof setTimeout> | undefined;

/** Sends what is due now (everything waiting with `force`). Overlapping calls are merged into one more run. */
export function flushNow(options: { force?: boolean } = {}): Promise<FlushSummary | undefined> {
  if (running) {
    queued = { force: (queued?.force ?? false) || !!options.force };
    return running;
  }
  running = (async () => {
    if (!navigator.onLine) return undefined; // the 'online' event will bring us back
    try {
      const summary = await flushOutbox({ force: options.force });
      scheduleDue(summary.nextAttemptAt);
      return summary;
    } catch (error) {
      console.error('Sending the report outbox failed', error);
      return undefined;
    }
  })().finally(() => {
    running = undefined;
    const next = queued;
    queued = undefined;
    if (next) void flushNow(next);
  });
  return running;
}

function scheduleDue(at: number | undefined): void {
  clearTimeout(dueTimer);
  if (at === undefined) return;
  // the minute timer covers anything further away
  const wait = Math.min(Math.max(at - Date.now(), 0), MINUTE);
  dueTimer = setTimeout(() => void flushNow(), wait);
}

/** Starts the retry loop once per page load. */
export function startOutboxRunner(): void {
  if (started || typeof window === 'undefined' || typeof indexedDB === 'undefined') return;
  started = true;
  window.addEventListener('online', () => {
    void flushNow({ force: true });
    void requestBackgroundSync();
  });
  setInterval(() => void flushNow(), MINUTE);
  void flushNow({ force: true });
}
