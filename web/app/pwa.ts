/**
 * Service worker registration and the update policy (the worker itself: web/service-worker/sw.ts).
 * - A new version waits until the person presses "Reload" (registerType 'prompt').
 * - Never reload under a half-filled form: while `hasUnsavedWork`, the prompt asks to finish first,
 *   and a version activated from another tab does not reload this one.
 * - Check for a new version every hour, only when online.
 * https://vite-pwa-org.netlify.app/guide/prompt-for-update , https://vite-pwa-org.netlify.app/guide/periodic-sw-updates
 */
import { ref, watch } from 'vue';
import { useRegisterSW } from 'virtual:pwa-register/vue';
import { hasUnsavedWork } from './unsaved-work';

const HOUR = 60 * 60 * 1000;

export function usePwa() {
  /** The new version already controls this page (activated from another tab); a plain reload shows it. */
  const activated = ref(false);

  const { needRefresh, offlineReady, updateServiceWorker } = useRegisterSW({
    immediate: true,
    onRegisteredSW(_swUrl, registration) {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update().catch(() => undefined);
      }, HOUR);
    },
    // Called when the new worker takes control. Reload only if nothing is being typed.
    onNeedReload() {
      if (hasUnsavedWork.value) {
        activated.value = true;
        needRefresh.value = true;
      } else {
        window.location.reload();
      }
    },
  });

  // "Works offline now" is news, not a question: it goes away by itself.
  watch(offlineReady, (ready) => {
    if (ready) setTimeout(() => (offlineReady.value = false), 8000);
  });

  function reload(): void {
    if (hasUnsavedWork.value) return;
    if (activated.value) window.location.reload();
    else void updateServiceWorker(true); // SKIP_WAITING → the worker activates → onNeedReload
  }

  function dismiss(): void {
    needRefresh.value = false;
    offlineReady.value = false;
  }

  return { needRefresh, offlineReady, hasUnsavedWork, reload, dismiss };
}
