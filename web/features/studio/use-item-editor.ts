/**
 * Opening one item of the draft in a form and saving it back: the ETag it was opened with goes with the
 * save, so a save over someone else's newer change is refused (412: `conflict`, load it again) instead of
 * writing over it; the server's field problems are kept to show beside the fields (`fieldProblems`).
 */
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { openIfWritten, saveItem } from './studio-api';
import { useStudioSave } from './use-studio-save';

export function useItemEditor(key: Ref<string>) {
  const { t } = useI18n();
  const { busy, status, problem, conflict, fieldProblems, saving, explain } = useStudioSave();
  const value = ref<Record<string, unknown> | null>(null);
  const etag = ref('');
  const inDraft = ref(false);

  async function load() {
    status.value = '';
    problem.value = '';
    conflict.value = false;
    fieldProblems.value = {};
    value.value = null;
    try {
      const opened = await openIfWritten(key.value);
      value.value = structuredClone((opened?.item.value as Record<string, unknown> | null) ?? {});
      etag.value = opened?.etag ?? '';
      inDraft.value = opened?.item.inDraft ?? false;
    } catch (error) {
      problem.value = explain(error) ?? '';
    }
  }

  async function save(extra: Record<string, unknown> = {}) {
    if (!value.value) return;
    const edited = { ...value.value, ...extra };
    await saving(async () => {
      const saved = await saveItem(key.value, edited, etag.value);
      etag.value = saved.etag;
      inDraft.value = saved.item.inDraft;
      value.value = structuredClone(saved.item.value as Record<string, unknown>);
      return t('studio.text.saved');
    });
  }

  return { value, etag, inDraft, busy, status, problem, conflict, fieldProblems, load, save };
}
