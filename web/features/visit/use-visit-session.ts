/**
 * One visit's life on this phone: the start screen's list, the open visit (named in the address after `#`,
 * never sent to the server, so a reload carries on), saving as they go, and forgetting. Visits started
 * more than 14 days ago are deleted when visit mode opens.
 */
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useUnsavedWork } from '../../app/unsaved-work';
import { useVisitLanguage } from './use-visit-language';
import { newDraft, type VisitDraft } from './visit-draft';
import { deleteDraft, deleteExpiredDrafts, getDraft, listDrafts, saveDraft } from './visit-store';

export function useVisitSession() {
  const route = useRoute();
  const router = useRouter();
  const { speak, restoreLanguage } = useVisitLanguage();

  const phase = ref<'loading' | 'home' | 'visit' | 'missing' | 'error'>('loading');
  const drafts = ref<VisitDraft[]>([]);
  const draft = ref<VisitDraft | null>(null);
  const purged = ref(0);
  const now = ref(Date.now());
  /** i18n key of the last thing done on the start screen (rendered in the language shown then). */
  const homeStatus = ref('');
  const saveState = ref<'idle' | 'pending' | 'saved' | 'failed'>('idle');
  const confirmForget = ref(false);

  async function refreshList() {
    drafts.value = await listDrafts();
    now.value = Date.now();
  }

  async function openFromAddress() {
    const id = route.hash.replace(/^#/, '');
    if (!id) {
      await flush();
      draft.value = null;
      saveState.value = 'idle';
      await restoreLanguage();
      await refreshList();
      phase.value = 'home';
      return;
    }
    const found = draft.value?.id === id ? draft.value : await getDraft(id);
    if (!found) {
      draft.value = null;
      await restoreLanguage();
      await refreshList();
      phase.value = 'missing';
      return;
    }
    if (draft.value !== found) {
      draft.value = found;
      saveState.value = 'saved';
    }
    confirmForget.value = false;
    await speak(found.lang);
    phase.value = 'visit';
  }

  let timer: ReturnType<typeof setTimeout> | undefined;

  function change(patch: Partial<VisitDraft>) {
    if (!draft.value) return;
    draft.value = { ...draft.value, ...patch, updatedAt: Date.now() };
    saveState.value = 'pending';
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), 300);
  }

  async function flush() {
    clearTimeout(timer);
    timer = undefined;
    const d = draft.value;
    if (!d || saveState.value !== 'pending') return;
    try {
      await saveDraft(d);
      if (draft.value === d) saveState.value = 'saved';
    } catch (error) {
      console.error('The visit could not be saved', error);
      if (draft.value === d) saveState.value = 'failed';
    }
  }

  async function start(code: string, both: boolean) {
    const d = newDraft(code, both);
    try {
      await saveDraft(d);
    } catch (error) {
      console.error('The visit could not be saved', error);
      homeStatus.value = 'visit.save.failed';
      return;
    }
    draft.value = d;
    saveState.value = 'saved';
    await router.push({ path: '/visit', hash: `#${d.id}` });
  }

  async function remove(id: string) {
    await deleteDraft(id);
    await refreshList();
    homeStatus.value = 'visit.home.deleted';
  }

  async function forget() {
    const d = draft.value;
    if (!d) return;
    clearTimeout(timer);
    timer = undefined;
    draft.value = null;
    saveState.value = 'idle';
    await deleteDraft(d.id);
    await router.replace({ path: '/visit', hash: '' });
    homeStatus.value = 'visit.home.forgotten';
  }

  function onHidden() {
    if (document.visibilityState === 'hidden') void flush();
  }

  onMounted(async () => {
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onHidden);
    try {
      purged.value = await deleteExpiredDrafts();
      await openFromAddress();
    } catch (error) {
      console.error('Visit mode could not read this phone’s storage', error);
      phase.value = 'error';
    }
  });
  watch(
    () => route.hash,
    () => {
      if (phase.value !== 'loading') void openFromAddress().catch(() => (phase.value = 'error'));
    },
  );
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', onHidden);
    void flush();
    void restoreLanguage();
  });

  useUnsavedWork('visit', () => saveState.value === 'pending' || saveState.value === 'failed');

  return { phase, drafts, draft, purged, now, homeStatus, saveState, confirmForget, change, start, remove, forget };
}
