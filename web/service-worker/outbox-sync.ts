/// <reference lib="webworker" />
/**
 * Background Sync for the report outbox, where the browser has it (Chromium). The page registers
 * the tag `report-outbox` after saving a report and when the network comes back; the browser fires 'sync'
 * when it thinks there is a connection, even if the tab has been closed. We read the same IndexedDB
 * outbox and apply the same rules as the page (web/features/housing-reports/outbox.ts), NOT Workbox's
 * BackgroundSyncPlugin (which treats a 500 as delivered and drops requests after 7 days).
 * If reports are still waiting after the attempt, the sync fails so the browser tries again later (it
 * gives up after a few tries: the page's own retries remain, and nothing is ever dropped).
 */
import { flushOutbox, OUTBOX_SYNC_TAG } from '../features/housing-reports/outbox';

declare const self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    flushOutbox({ force: true }).then((summary) => {
      if (summary.waiting > 0 && !event.lastChance) throw new Error(`${summary.waiting} report(s) still waiting`);
    }),
  );
}) as EventListener);
