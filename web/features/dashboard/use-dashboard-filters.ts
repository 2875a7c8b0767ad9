/**
 * The dashboard's filters live in the URL query (`/dashboard?from=2025-01&district=E07000114`), so a view
 * can be bookmarked and shared, and Back goes to the previous view. Empty values are left out.
 */
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const FILTER_KEYS = ['from', 'to', 'district', 'category', 'accommodationType', 'urgent'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey | 'status' | 'flag' | 'code' | 'page' | 'measure', string>>;

const firstString = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The filters of a route query: the first value of each key, empty ones left out. */
export function filtersOf(query: Record<string, unknown>): Filters {
  const out: Filters = {};
  for (const [key, value] of Object.entries(query)) {
    const v = firstString(value);
    if (typeof v === 'string' && v !== '') out[key as keyof Filters] = v;
  }
  return out;
}

/** `key=value&…` for the API, from the filters that are set (and `extra` keys). */
export function toQueryString(filters: Filters, keys: readonly string[] = FILTER_KEYS): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = filters[key as keyof Filters];
    if (value) params.set(key, value);
  }
  return params.toString();
}

export function useDashboardFilters() {
  const route = useRoute();
  const router = useRouter();

  const filters = computed<Filters>(() => filtersOf(route.query));

  /** Changes some filters (undefined or '' removes one); other filters stay. A new filter goes to page 1. */
  function update(patch: Filters) {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...filters.value, page: undefined, ...patch }))
      if (value) query[key] = value;
    void router.replace({ query });
  }

  const apiQuery = computed(() => toQueryString(filters.value));

  return { filters, update, apiQuery };
}
