import { readonly, ref } from 'vue';

const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));
}

/** Whether the browser thinks it has a network (shared by the offline banner, the outbox, the update check). */
export function useOnline() {
  return readonly(online);
}
