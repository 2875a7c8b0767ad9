/**
 * The report being written. It is saved on the phone (draft-store.ts, IndexedDB) at every change, so a
 * reload or a discarded tab loses nothing; when the person comes back, the page offers "Carry on with your
 * report" (`saved`). It goes to the outbox when they press "Send". The unsaved-work registry keeps the
 * update prompt from reloading the page under it.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { markRaw, reactive, ref, toRaw, watch } from 'vue';
import { useUnsavedWork } from '../../app/unsaved-work';
import { deleteDraft, loadDraft, saveDraft, snapshot, type SavedDraft } from './draft-store';
import { emptyDraft, isTouched, type DraftPhoto, type ReportDraft } from './report-draft';

const SAVE_DELAY_MS = 300;

export const useHousingReportsStore = defineStore('housing-reports', () => {
  const draft = reactive<ReportDraft>(emptyDraft());
  /** Index in STEPS. */
  const step = ref(0);
  /** The outbox id of the report just sent, for the confirmation screen. */
  const lastSentId = ref<string | null>(null);
  /** A draft found on the phone, not taken up yet: the page offers to carry on with it. */
  const saved = ref<SavedDraft | null>(null);
  /** A draft the person deleted a moment ago, until they leave the page: "Undo". */
  const deleted = ref<SavedDraft | null>(null);
  // registered here, not in a page, so it holds while the person looks at /help mid-report
  useUnsavedWork('report-form', () => isTouched(draft));

  const loaded = loadDraft()
    .then((found) => {
      if (found && !isTouched(draft)) saved.value = found;
    })
    .catch((error: unknown) => console.error('Reading the saved report failed', error));

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Writes the draft now (at every step, and when the page is hidden: the tab may never come back). */
  function persist(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (!isTouched(draft)) return Promise.resolve();
    return saveDraft(snapshot(toRaw(draft) as ReportDraft, step.value)).catch((error: unknown) =>
      console.error('Saving the report on the phone failed', error),
    );
  }
  watch([draft, step], () => {
    if (saved.value) return; // an older draft waits for an answer: do not write over it
    clearTimeout(timer);
    timer = setTimeout(() => void persist(), SAVE_DELAY_MS);
  });
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && timer) void persist();
    });
  }

  function addPhoto(blob: Blob): void {
    draft.photos.push(markRaw<DraftPhoto>({ blob, url: URL.createObjectURL(blob) }));
  }

  function removePhoto(index: number): void {
    const [photo] = draft.photos.splice(index, 1);
    if (photo) URL.revokeObjectURL(photo.url);
  }

  function clearForm(): void {
    clearTimeout(timer);
    timer = undefined;
    for (const photo of draft.photos) URL.revokeObjectURL(photo.url);
    Object.assign(draft, emptyDraft());
    step.value = 0;
  }

  function apply(found: SavedDraft): void {
    clearForm();
    const { photos, ...rest } = found.draft;
    Object.assign(draft, { ...emptyDraft(), ...rest });
    for (const blob of photos) addPhoto(blob);
    step.value = found.step;
  }

  /** "Carry on with your report". */
  function resume(): void {
    if (!saved.value) return;
    apply(saved.value);
    saved.value = null;
  }

  /** Deletes the draft (the one on offer, or the one being written), keeping it in memory for "Undo". */
  async function discard(): Promise<void> {
    const current = saved.value ?? (isTouched(draft) ? snapshot(toRaw(draft) as ReportDraft, step.value) : null);
    saved.value = null;
    clearForm();
    deleted.value = current;
    await deleteDraft().catch((error: unknown) => console.error('Deleting the saved report failed', error));
  }

  /** Brings back the draft just deleted, and saves it again. */
  async function undoDiscard(): Promise<void> {
    if (!deleted.value) return;
    apply(deleted.value);
    deleted.value = null;
    await persist();
  }

  /** Once the report is in the outbox: a new, empty form, and no draft left on the phone. */
  async function reset(): Promise<void> {
    clearForm();
    saved.value = null;
    deleted.value = null;
    await deleteDraft().catch((error: unknown) => console.error('Deleting the saved report failed', error));
  }

  return {
    draft,
    step,
    lastSentId,
    saved,
    deleted,
    loaded,
    persist,
    addPhoto,
    removePhoto,
    resume,
    discard,
    undoDiscard,
    reset,
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHousingReportsStore, import.meta.hot));
