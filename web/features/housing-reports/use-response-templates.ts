/**
 * The response templates of the published content the phone has: the pack's own, loaded once and only by a
 * report with a note from one (its own lazy chunk, precached like the rest of the app), with the published
 * version's changes to them laid over (web/app/content-overlay.ts, kept on the phone), so notes read
 * offline too, in the words staff sent them with. A load that failed is tried again.
 */
import { computed, shallowRef, watchEffect, type ComputedRef, type Ref } from 'vue';
import type { ResponseTemplates } from '#contract';
import { withTemplateItems, type TemplateOf } from '#contract/template-text';
import { contentOverlay } from '../../app/content-overlay';

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

const published = computed(() =>
  loaded.value ? withTemplateItems(loaded.value.templates, contentOverlay.value?.items ?? {}) : null,
);

/** The templates, null until loaded; starts loading the first time `needed` is true. */
export function useResponseTemplates(needed: Ref<boolean>): ComputedRef<TemplateOf[] | null> {
  watchEffect(() => {
    if (needed.value && !loaded.value) load();
  });
  return published;
}
