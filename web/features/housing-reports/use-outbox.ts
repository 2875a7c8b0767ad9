/** The outbox as a live list for "My reports" and the confirmation screen (updates from any tab or the worker). */
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { listEntries, listReplies, onOutboxChange, type OutboxEntry, type ReplyEntry } from './outbox';

export function useOutbox() {
  const entries = shallowRef<OutboxEntry[]>([]);
  /** Answers to reports, not delivered yet. */
  const replies = shallowRef<ReplyEntry[]>([]);
  const state = ref<'loading' | 'ready' | 'error'>('loading');

  async function reload() {
    try {
      [entries.value, replies.value] = await Promise.all([listEntries(), listReplies()]);
      state.value = 'ready';
    } catch (error) {
      console.error('The outbox could not be read', error);
      state.value = 'error';
    }
  }

  const stop = onOutboxChange(() => void reload());
  onBeforeUnmount(stop);
  void reload();
  return { entries, replies, state, reload };
}
