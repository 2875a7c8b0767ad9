/**
 * For staff pages: turns an API failure into a sentence, and sends the person to sign in again when the
 * session has ended (401) or the account may not do this (403 on a page the guard let through).
 */
import { computed, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '../../app/api-client';
import { useAuthStore } from './auth.store';

export function useStaffRequest() {
  const { t } = useI18n();
  const router = useRouter();
  const route = useRoute();
  const auth = useAuthStore();

  /** A message to show, or null when the person is being sent to the sign-in page. */
  function explain(error: unknown): string | null {
    if (error instanceof ApiError && error.status === 401) {
      auth.sessionEnded();
      void router.replace({ name: 'staff-sign-in', query: { next: route.fullPath, reason: 'expired' } });
      return null;
    }
    if (error instanceof ApiError && error.status === 403) return t('auth.errors.forbidden');
    if (error instanceof ApiError && error.status === 409) return t('dashboard.report.illegal');
    if (error instanceof ApiError && error.status === 400 && Object.keys(error.fields).length > 0) {
      return `${t('auth.errors.check_fields')} ${Object.entries(error.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`;
    }
    return error instanceof ApiError ? t(error.messageKey) : t('errors.generic');
  }

  return { explain };
}

/**
 * What a staff page does when the person presses a button that calls the API: `busy` while the request
 * runs (the buttons wait), and `problem`, the sentence to show when it fails, cleared when the next starts.
 *
 *   const { busy, problem, run } = useStaffAction();
 *   const save = () => run(async () => { await apiFetch(…); status.value = t('…saved'); });
 */
export function useStaffAction() {
  const { explain } = useStaffRequest();
  const busy = ref(false);
  const problem = ref('');

  async function run(request: () => Promise<void>): Promise<void> {
    problem.value = '';
    busy.value = true;
    try {
      await request();
    } catch (error) {
      problem.value = explain(error) ?? '';
    } finally {
      busy.value = false;
    }
  }

  return { busy, problem, run, explain };
}

/**
 * An admin page that reads its list once it opens (care leavers by district, partners' API keys):
 * `loading` until the answer is in; `failed`, the sentence shown instead of the page when the list could
 * not be read (empty while the person is sent to sign in again); `status`, what the last change did. Its
 * buttons' `busy`, `problem` and `run` are useStaffAction's. `states` is what StaffListStates.vue shows.
 */
export function useStaffList(read: () => Promise<void>) {
  const action = useStaffAction();
  const loading = ref(true);
  const failed = ref<string>();
  const status = ref('');

  onMounted(async () => {
    try {
      await read();
    } catch (error) {
      failed.value = action.explain(error) ?? '';
    } finally {
      loading.value = false;
    }
  });

  const states = computed(() => ({
    loading: loading.value,
    failed: failed.value,
    status: status.value,
    problem: action.problem.value,
  }));

  return { ...action, loading, failed, status, states };
}
