/**
 * A tiny registry of "someone is half-way through a form". The update prompt (PwaUpdatePrompt) never
 * reloads while it is non-empty, and closing the tab asks first.
 *
 *   const { markDirty, markClean } = useUnsavedWork('report-form');
 *   // or: useUnsavedWork('report-form', () => form.description.length > 0);
 *
 * A key is cleared automatically when the component that registered it unmounts.
 */
import { computed, getCurrentInstance, onBeforeUnmount, reactive, watch, type WatchSource } from 'vue';

const dirty = reactive(new Set<string>());

/** True while any form has unsaved input. */
export const hasUnsavedWork = computed(() => dirty.size > 0);

export function useUnsavedWork(key: string, isDirty?: WatchSource<boolean>) {
  const markDirty = () => void dirty.add(key);
  const markClean = () => void dirty.delete(key);
  const setDirty = (value: boolean) => (value ? markDirty() : markClean());

  if (isDirty) watch(isDirty, setDirty, { immediate: true });
  if (getCurrentInstance()) onBeforeUnmount(markClean);

  return { markDirty, markClean, setDirty, hasUnsavedWork };
}

/** Leaving at once (quick exit): the browser must not stop to ask "Leave site?". Saved drafts stay saved. */
export function forgetUnsavedWork(): void {
  dirty.clear();
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (event) => {
    if (dirty.size > 0) event.preventDefault(); // the browser asks "Leave site?"
  });
}
