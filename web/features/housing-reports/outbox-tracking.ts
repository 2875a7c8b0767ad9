/**
 * Following a sent report: its public view from the server, kept on the phone beside the report, and the
 * page's request that the service worker send the outbox when the network is back.
 */
import type { PublicReport } from '#contract';

import { OUTBOX_SYNC_TAG, update, type OutboxEntry } from './outbox-store';

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
