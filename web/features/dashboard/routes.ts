import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';
import { requireRole } from '../auth/auth-guard';
import { askFiguresEarly } from './figures-early';

// Commissioners and admins only; the API checks every request again (a PA gets 403 there too).
export const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: withStaffWords(() => import('./DashboardPage.vue')),
    beforeEnter: [requireRole('commissioner', 'admin'), askFiguresEarly],
    meta: { titleKey: 'nav.dashboard' },
  },
  {
    path: '/dashboard/reports',
    name: 'dashboard-reports',
    component: withStaffWords(() => import('./DashboardReportsPage.vue')),
    beforeEnter: requireRole('commissioner', 'admin'),
    meta: { titleKey: 'dashboard.reports.title' },
  },
  {
    path: '/dashboard/reports/:id',
    name: 'dashboard-report',
    component: withStaffWords(() => import('./DashboardReportPage.vue')),
    beforeEnter: requireRole('commissioner', 'admin'),
    meta: { titleKey: 'dashboard.report.page_title' },
  },
  // care leavers per district, for "per 100 care leavers": admins only, checked by the API
  {
    path: '/staff/care-leavers',
    name: 'dashboard-care-leavers',
    component: withStaffWords(() => import('./DashboardCareLeaversPage.vue')),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'dashboard.care_leavers.title' },
  },
];
