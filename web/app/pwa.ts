/**
 * Service worker registration and the update policy (the worker itself: web/service-worker/sw.ts).
 * - A new version waits until the person presses "Reload" (registerType 'prompt').
 * - Never reload under a half-filled form: while `hasUnsavedWork`, the prompt asks to finish first,
 *   and a version activated from another tab does not reload this one.
 * - Check for a new version every hour, only when online.
 * https://vite-pwa-org.netlify.app/guide/prompt-for-update , https://vite-pwa-org.netlify.app/guide/periodic-sw-updates
 */
import { ref } from 'vue';
import { useRegisterSW } from 'virtual:pwa-register/vue';
import { hasUnsavedWork } from './unsaved-work';

const HOUR = 60 * 60 * 1000;

export function usePwa() {
  /** The new version already controls this page (activated from another tab); a plain reload shows it. */
  const activated = ref(false);

  let reloading = false;
  /** A new version now controls this page: reload, unless something is being typed. */
  function onNewVersionInControl(): void {
    if (reloading) return;
    if (hasUnsavedWork.value) {
      activated.value = true;
      needRefresh.value = true;
    } else {
      reloading = true;
      window.location.reload();
    }
  }

  const { needRefresh, offlineReady, updateServiceWorker } = useRegisterSW({
    immediate: true,
    onRegisteredSW(_swUrl, registration) {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update().catch(() => undefined);
      }, HOUR);
    },
    onNeedReload: onNewVersionInControl,
  });

  // workbox-window only reports an update as such when the page was already controlled when it
  // registered. Our first install claims the page (sw.ts), so watch the controller ourselves: the
  // first change is that claim; any later change is a new version (this tab's Reload, or another tab's).
  if ('serviceWorker' in navigator) {
    let controlled = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (controlled) onNewVersionInControl();
      controlled = true;
    });
  }

  function reload(): void {
    if (hasUnsavedWork.value) return;
    if (activated.value) window.location.reload();
    else void updateServiceWorker(true); // SKIP_WAITING → the worker activates and claims → controllerchange
  }

  function dismiss(): void {
    needRefresh.value = false;
    offlineReady.value = false;
  }

  return { needRefresh, offlineReady, hasUnsavedWork, reload, dismiss };
}
