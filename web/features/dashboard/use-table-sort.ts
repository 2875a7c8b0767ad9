/**
 * Which column a table of figures is sorted by, and which way, as its headings (DashboardSortHeader.vue)
 * show it. The tables sort their own rows: how an unknown figure (–) sorts is theirs to say.
 */
import { ref, type Ref } from 'vue';

export type AriaSort = 'none' | 'ascending' | 'descending';

export function useTableSort<K extends string>(first: K, firstDescending: boolean) {
  const sortKey = ref(first) as Ref<K>;
  const descending = ref(firstDescending);

  /** Another column starts with the largest figure (names from A); the same column again turns round. */
  function sortBy(key: K) {
    descending.value = sortKey.value === key ? !descending.value : key !== 'name';
    sortKey.value = key;
  }

  const ariaSort = (key: K): AriaSort =>
    sortKey.value !== key ? 'none' : descending.value ? 'descending' : 'ascending';

  return { sortKey, descending, sortBy, ariaSort };
}
