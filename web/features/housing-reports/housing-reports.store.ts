/**
 * The report being written: kept in memory while the person moves between the steps (and to /help and
 * back). It is saved to the outbox only when they press "Send"; until then the unsaved-work registry keeps
 * the update prompt from reloading the page under it.
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { markRaw, reactive, ref } from 'vue';
import { useUnsavedWork } from '../../app/unsaved-work';
import { emptyDraft, isTouched, type DraftPhoto, type ReportDraft } from './report-draft';

export const useHousingReportsStore = defineStore('housing-reports', () => {
  const draft = reactive<ReportDraft>(emptyDraft());
  /** Index in STEPS. */
  const step = ref(0);
  /** The outbox id of the report just sent, for the confirmation screen. */
  const lastSentId = ref<string | null>(null);
  // registered here, not in a page, so it holds while the person looks at /help mid-report
  useUnsavedWork('report-form', () => isTouched(draft));

  function addPhoto(blob: Blob): void {
    draft.photos.push(markRaw<DraftPhoto>({ blob, url: URL.createObjectURL(blob) }));
  }

  function removePhoto(index: number): void {
    const [photo] = draft.photos.splice(index, 1);
    if (photo) URL.revokeObjectURL(photo.url);
  }

  function reset(): void {
    for (const photo of draft.photos) URL.revokeObjectURL(photo.url);
    Object.assign(draft, emptyDraft());
    step.value = 0;
  }

  return { draft, step, lastSentId, addPhoto, removePhoto, reset };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useHousingReportsStore, import.meta.hot));
