/**
 * What the dashboard page asks the API for first (web/features/dashboard/figures-early.ts): who is signed
 * in, the figures for the filters in its address, and the alert status. The server names them in the page
 * it sends to someone with a session (api/lib/route-hints.ts), so they load alongside the page's scripts.
 * The filters go in the order the page writes them (web/features/dashboard/use-dashboard-filters.ts), so
 * the page's own request is the same address and takes the answer already loading.
 */
import { DashboardFilters } from '#contract';

const FILTER_KEYS = ['from', 'to', 'district', 'category', 'accommodationType', 'urgent'] as const;

export interface FirstRequests {
  paths: string[];
  /** true when the address names filters: a page of its own for this address, not the dashboard's usual one */
  filtered: boolean;
}

export function dashboardFirstRequests(query: URLSearchParams): FirstRequests {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) params.set(key, value);
  }
  // filters the API would refuse are not named: the page's own request gets the refusal and explains it
  if (!DashboardFilters.safeParse(Object.fromEntries(params)).success)
    return { paths: ['/api/auth/me', '/api/alerts/status'], filtered: false };
  const q = params.toString();
  return {
    paths: ['/api/auth/me', `/api/dashboard/summary${q ? `?${q}` : ''}`, '/api/alerts/status'],
    filtered: q !== '',
  };
}
