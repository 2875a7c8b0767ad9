/**
 * The dashboard's first requests (figures, alert status, trend, providers), sent once the route's guard
 * has let a commissioner or admin in: while the page's code still loads and mounts, not after. On a slow
 * phone that is most of the time the figures would otherwise wait. The page takes each answer once; a
 * later load (another filter) asks again. Plain fetch: this file is part of the first page's code.
 */
import type { NavigationGuard } from 'vue-router';
import { wantedLocale } from '../../app/i18n';
import { filtersOf, toQueryString } from './use-dashboard-filters';

/** Answers older than this are not used: the page asks again. */
const FRESH_MS = 10_000;
const early = new Map<string, { at: number; response: Promise<Response> }>();

/** The paths of the dashboard's first load, for a route query (the page's filters). */
export function figurePaths(query: Record<string, unknown>): string[] {
  const q = toQueryString(filtersOf(query));
  const suffix = q ? `?${q}` : '';
  // in the order the page draws them (one database connection answers them in turn, on PGlite)
  return [
    `/api/dashboard/summary${suffix}`,
    '/api/alerts/status',
    `/api/dashboard/trend${suffix}`,
    `/api/dashboard/providers${suffix}`,
  ];
}

export const askFiguresEarly: NavigationGuard = (to) => {
  early.clear();
  for (const path of figurePaths(to.query)) {
    const response = fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    response.catch(() => undefined); // a failed one is asked again by the page, which explains the failure
    early.set(path, { at: Date.now(), response });
  }
  // The number and month formats the page draws with are made now, each in a task of its own, while the
  // page's code and words are still on their way: making one costs a slow phone tens of milliseconds, and
  // made by the page they would lengthen its first task (the strip's note names months from the start).
  void import('./dashboard-format')
    .then(({ formatWarmers }) => {
      for (const warm of formatWarmers(wantedLocale())) setTimeout(warm);
    })
    .catch(() => undefined); // the page makes them itself
  return true;
};

/** The answer asked for early for `path`, once; undefined when there is none (or it is stale). */
export function takeEarly(path: string): Promise<Response> | undefined {
  const found = early.get(path);
  early.delete(path);
  return found && Date.now() - found.at < FRESH_MS ? found.response : undefined;
}
