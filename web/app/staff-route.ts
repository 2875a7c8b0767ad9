/**
 * A staff page's route: its words come with it (they are not in a young person's download), it opens only
 * past `guard` (the API checks every request again), and its title comes from `titleKey`.
 *
 *   staffRoute('/pa/reports', 'pa-reports', 'pa.title', () => import('./PaMyYoungPeoplePage.vue'), requireRole('pa'))
 */
import type { NavigationGuard, RouteComponent, RouteRecordRaw } from 'vue-router';
import { withStaffWords } from './i18n';

export function staffRoute(
  path: string,
  name: string,
  titleKey: string,
  page: () => Promise<RouteComponent>,
  guard?: NavigationGuard | NavigationGuard[],
): RouteRecordRaw {
  return { path, name, component: withStaffWords(page), meta: { titleKey }, ...(guard ? { beforeEnter: guard } : {}) };
}
