/**
 * Saving an item of the draft from a studio page: `busy` while the save runs, `status` once it is saved,
 * `problem` for a failure (with `fieldProblems` when the server names the fields), and `conflict` when
 * someone changed the item since the page opened it (the API answers 412 to the ETag it was opened with;
 * the page offers to open it again, StudioConflict.vue).
 */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../app/api-client';
import { useStaffRequest } from '../auth/use-staff-request';

export function useStudioSave() {
  const { t } = useI18n();
  const { explain } = useStaffRequest();
  const busy = ref(false);
  const status = ref('');
  const problem = ref('');
  const conflict = ref(false);
  /** the server's problems by pack path (a new item's id: `id`), to show beside the fields */
  const fieldProblems = ref<Record<string, string>>({});

  /** Runs `work`, which saves and answers what to tell the person once it has. */
  async function saving(work: () => Promise<string>): Promise<void> {
    busy.value = true;
    status.value = '';
    problem.value = '';
    conflict.value = false;
    fieldProblems.value = {};
    try {
      status.value = await work();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) conflict.value = true;
      else if (error instanceof ApiError && [400, 409].includes(error.status) && Object.keys(error.fields).length) {
        fieldProblems.value = error.fields;
        problem.value = t('studio.form.check_fields');
      } else problem.value = explain(error) ?? '';
    } finally {
      busy.value = false;
    }
  }

  return { busy, status, problem, conflict, fieldProblems, saving, explain };
}
