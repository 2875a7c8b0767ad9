/**
 * The items a rule's facts are kept in (the entitlement's facts, `schemes`, `districts.<code>`), opened
 * beside the rules with their own ETags: the rules page changes their ages and sources in the same form,
 * and saves only those it changed, each against the ETag it was opened with.
 */
import { ref } from 'vue';
import { openItem, saveItem } from './studio-api';

type Value = Record<string, unknown>;

export function useRuleFacts() {
  const facts = ref<Record<string, Value>>({});
  const etags = new Map<string, string>();
  const asOpened = new Map<string, string>();

  function keep(key: string, value: unknown, etag: string) {
    facts.value[key] = JSON.parse(JSON.stringify(value ?? {})) as Value;
    etags.set(key, etag);
    asOpened.set(key, JSON.stringify(facts.value[key]));
  }

  /** Opens the items of `keys` (`fresh`: instead of those open; else besides them, a way's newly named fact). */
  async function open(keys: readonly string[], fresh = true) {
    if (fresh) facts.value = {};
    await Promise.all(
      [...new Set(keys)]
        .filter((key) => !facts.value[key])
        .map(async (key) => {
          const opened = await openItem(key);
          keep(key, opened.item.value, opened.etag);
        }),
    );
  }

  /** Saves each fact item changed since it was opened (or last saved). */
  async function saveChanged() {
    for (const [key, value] of Object.entries(facts.value)) {
      if (JSON.stringify(value) === asOpened.get(key)) continue;
      const saved = await saveItem(key, value, etags.get(key) ?? '');
      keep(key, saved.item.value, saved.etag);
    }
  }

  return { facts, open, saveChanged };
}
