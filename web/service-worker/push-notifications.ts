/// <reference lib="webworker" />
/**
 * Web Push: a push becomes a notification (the server writes its words: never a note's text, a name or
 * a place), and the app badge is set. Tapping it opens the page it names (My reports for a young person,
 * the report for staff) in an open window of the app if there is one; the page works offline, since
 * the app shell is precached.
 */
// a module (not a script), so that `self` is this file's own declaration
export {};

declare const self: ServiceWorkerGlobalScope;

interface PushMessage {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Only our own pages: a push can never send the person elsewhere. */
const safeUrl = (url: unknown) =>
  typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/my-reports';

self.addEventListener('push', (event) => {
  let message: Partial<PushMessage> = {};
  try {
    message = (event.data?.json() ?? {}) as Partial<PushMessage>;
  } catch {
    // unreadable: still tell the person something changed
  }
  const nav = self.navigator as WorkerNavigator & { setAppBadge?: () => Promise<void> };
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(message.title ?? 'Care Leaver Hub', {
        body: message.body ?? '',
        tag: message.tag,
        icon: '/icons/icon-192.png',
        badge: '/icons/icon-192.png',
        data: { url: safeUrl(message.url) },
      }),
      nav.setAppBadge?.().catch(() => undefined),
    ]),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = safeUrl((event.notification.data as { url?: unknown } | null)?.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      // navigate() works for pages this worker controls (it may answer null, yet navigate); for any other
      // a new window opens
      const navigated = open
        ? await open.navigate(url).then(
            (client) => client ?? open,
            () => null,
          )
        : null;
      if (navigated) await navigated.focus().catch(() => undefined);
      else await self.clients.openWindow(url);
    })(),
  );
});
