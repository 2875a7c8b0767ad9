import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';
import { requireRole } from '../auth/auth-guard';

// PA accounts only; the API checks every request again (other roles get 403 there).
export const routes: RouteRecordRaw[] = [
  {
    path: '/pa/reports',
    name: 'pa-reports',
    component: withStaffWords(() => import('./PaMyYoungPeoplePage.vue')),
    beforeEnter: requireRole('pa'),
    meta: { titleKey: 'pa.title' },
  },
  {
    path: '/pa/reports/:id',
    name: 'pa-report',
    component: withStaffWords(() => import('./PaReportPage.vue')),
    beforeEnter: requireRole('pa'),
    meta: { titleKey: 'pa.report.page_title' },
  },
];
