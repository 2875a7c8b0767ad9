import type { RouteRecordRaw } from 'vue-router';
import { requireRole } from '../auth/auth-guard';

// Commissioners and admins only; the API checks every request again (a PA gets 403 there too).
export const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./DashboardPage.vue'),
    beforeEnter: requireRole('commissioner', 'admin'),
    meta: { titleKey: 'nav.dashboard' },
  },
  {
    path: '/dashboard/reports',
    name: 'dashboard-reports',
    component: () => import('./DashboardReportsPage.vue'),
    beforeEnter: requireRole('commissioner', 'admin'),
    meta: { titleKey: 'dashboard.reports.title' },
  },
  {
    path: '/dashboard/reports/:id',
    name: 'dashboard-report',
    component: () => import('./DashboardReportPage.vue'),
    beforeEnter: requireRole('commissioner', 'admin'),
    meta: { titleKey: 'dashboard.report.page_title' },
  },
];
