/// <reference lib="webworker" />
/**
 * Content updates in the worker: the page asks with a message, and the worker keeps itself alive until the
 * update is stored whole (event.waitUntil), so a page closed half-way does not lose it. An installed app
 * may also be woken by the browser ('periodicsync') to update in the languages it last used.
 */
import {
  CONTENT_SYNC_TAG,
  CONTENT_UPDATE_MESSAGE,
  fetchContentUpdate,
  readStoredLanguages,
  type ContentUpdateReply,
} from '../app/content-update-fetch';

declare const self: ServiceWorkerGlobalScope;

interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{2})?$/;

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; locales?: unknown } | null;
  if (data?.type !== CONTENT_UPDATE_MESSAGE || !Array.isArray(data.locales)) return;
  const locales = data.locales.filter((l): l is string => typeof l === 'string' && LOCALE.test(l));
  const port = event.ports[0];
  const answer = (reply: ContentUpdateReply) => port?.postMessage(reply);
  event.waitUntil(
    fetchContentUpdate(locales).then(
      (overlay) => answer({ overlay }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    ),
  );
});

self.addEventListener('periodicsync', ((event: PeriodicSyncEvent) => {
  if (event.tag !== CONTENT_SYNC_TAG) return;
  event.waitUntil(readStoredLanguages().then(fetchContentUpdate));
}) as EventListener);
