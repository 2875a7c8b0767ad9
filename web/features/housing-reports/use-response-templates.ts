/**
 * The pack's response templates, loaded once, and only by a report with a note from one (its own lazy
 * chunk, precached like the rest of the app, so notes read offline too). A load that failed is tried again.
 */
import { shallowRef, watchEffect, type Ref } from 'vue';
import type { ResponseTemplates } from '#contract';

let loading: Promise<ResponseTemplates> | undefined;
const loaded = shallowRef<ResponseTemplates | null>(null);

function load(): void {
  loading ??= import('#content/kent/response-templates.json').then(
    (m) => (loaded.value = m.default as ResponseTemplates),
    (error: unknown) => {
      console.error('The message templates could not be loaded', error);
      loading = undefined;
      throw error;
    },
  );
  loading.catch(() => undefined);
}

/** The templates, null until loaded; starts loading the first time `needed` is true. */
export function useResponseTemplates(needed: Ref<boolean>): Ref<ResponseTemplates | null> {
  watchEffect(() => {
    if (needed.value && !loaded.value) load();
  });
  return loaded;
}
