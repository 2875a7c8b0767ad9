/**
 * Saving an item of the draft from a studio page: `busy` while the save runs, `status` once it is saved,
 * `problem` for a failure, and `conflict` when someone changed the item since the page opened it (the API
 * answers 412 to the ETag it was opened with; the page offers to open it again, StudioConflict.vue).
 */
import { ref } from 'vue';
import { ApiError } from '../../app/api-client';
import { useStaffRequest } from '../auth/use-staff-request';

export function useStudioSave() {
  const { explain } = useStaffRequest();
  const busy = ref(false);
  const status = ref('');
  const problem = ref('');
  const conflict = ref(false);

  /** Runs `work`, which saves and answers what to tell the person once it has. */
  async function saving(work: () => Promise<string>): Promise<void> {
    busy.value = true;
    status.value = '';
    problem.value = '';
    conflict.value = false;
    try {
      status.value = await work();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) conflict.value = true;
      else problem.value = explain(error) ?? '';
    } finally {
      busy.value = false;
    }
  }

  return { busy, status, problem, conflict, saving, explain };
}
