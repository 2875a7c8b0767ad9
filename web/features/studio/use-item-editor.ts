/**
 * Opening one item of the draft in a form and saving it back: the ETag it was opened with goes with the
 * save, so a save over someone else's newer change is refused (412: `conflict`, load it again) instead of
 * writing over it; the server's field problems are kept to show beside the fields (`fieldProblems`).
 */
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../app/api-client';
import { useStaffRequest } from '../auth/use-staff-request';
import { openItem, saveItem } from './studio-api';

export function useItemEditor(key: Ref<string>) {
  const { t } = useI18n();
  const { explain } = useStaffRequest();
  const value = ref<Record<string, unknown> | null>(null);
  const etag = ref('');
  const inDraft = ref(false);
  const busy = ref(false);
  const status = ref('');
  const problem = ref('');
  const conflict = ref(false);
  const fieldProblems = ref<Record<string, string>>({});

  function reset() {
    status.value = '';
    problem.value = '';
    conflict.value = false;
    fieldProblems.value = {};
  }

  async function load() {
    reset();
    value.value = null;
    try {
      const opened = await openItem(key.value).catch((error: unknown) => {
        // words not written yet in this language start from an empty form
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
      value.value = structuredClone((opened?.item.value as Record<string, unknown> | null) ?? {});
      etag.value = opened?.etag ?? '';
      inDraft.value = opened?.item.inDraft ?? false;
    } catch (error) {
      problem.value = explain(error) ?? '';
    }
  }

  async function save(extra: Record<string, unknown> = {}) {
    if (!value.value) return;
    reset();
    busy.value = true;
    try {
      const saved = await saveItem(key.value, { ...value.value, ...extra }, etag.value);
      etag.value = saved.etag;
      inDraft.value = saved.item.inDraft;
      value.value = structuredClone(saved.item.value as Record<string, unknown>);
      status.value = t('studio.text.saved');
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) conflict.value = true;
      else if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length) {
        fieldProblems.value = error.fields;
        problem.value = t('studio.form.check_fields');
      } else problem.value = explain(error) ?? '';
    } finally {
      busy.value = false;
    }
  }

  return { value, etag, inDraft, busy, status, problem, conflict, fieldProblems, load, save };
}
