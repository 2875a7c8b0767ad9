/**
 * What the dashboard page asks the API for first (web/features/dashboard/figures-early.ts): who is signed
 * in, the figures for the filters in its address, and the alert status. The server names them in the page
 * it sends to someone with a session (api/lib/route-hints.ts), so they load alongside the page's scripts.
 * The filters go in the order the page writes them (web/features/dashboard/use-dashboard-filters.ts), so
 * the page's own request is the same address and takes the answer already loading.
 */
const FILTER_KEYS = ['from', 'to', 'district', 'category', 'accommodationType', 'urgent'] as const;

export function dashboardFirstRequests(query: URLSearchParams): string[] {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) params.set(key, value);
  }
  const q = params.toString();
  return ['/api/auth/me', `/api/dashboard/summary${q ? `?${q}` : ''}`, '/api/alerts/status'];
}
