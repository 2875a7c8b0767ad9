/**
 * The English name of the item a form edits (a contact's name, a glossary term, a district), from the
 * studio's list of items; the item's own id when the list cannot be read (a translator may not list items).
 * The list is kept too (`items`): a form offers the contacts in it, a refusal names the pages in it.
 */
import { ref, shallowRef, watch, type Ref } from 'vue';
import type { StudioItem } from '#contract';
import type { ItemForm } from './item-forms';
import { listItems } from './studio-api';

export function useItemLabel(key: Ref<string>, form: Ref<ItemForm | null>) {
  const label = ref('');
  const items = shallowRef<StudioItem[]>([]);
  watch(
    [key, form],
    async () => {
      label.value = key.value.split('.').at(-1) ?? '';
      const f = form.value;
      // the same item as the list names it: itself, the fact its words belong to, or its English words
      const names = [key.value, f?.factKey, f?.wordsKey?.('en')].filter(Boolean);
      items.value = await listItems()
        .then((list) => list.items)
        .catch(() => []);
      const found = names.map((n) => items.value.find((i) => i.key === n)).find(Boolean);
      if (found) label.value = found.label;
    },
    { immediate: true },
  );
  return { label, items };
}
