import type { RouteRecordRaw } from 'vue-router';
import { staffRoute } from '../../app/staff-route';
import { requireRole } from '../auth/auth-guard';
import { askFiguresEarly } from './figures-early';

// Commissioners and admins only; the API checks every request again (a PA gets 403 there too).
const commissioners = requireRole('commissioner', 'admin');

export const routes: RouteRecordRaw[] = [
  staffRoute('/dashboard', 'dashboard', 'nav.dashboard', () => import('./DashboardPage.vue'), [
    commissioners,
    askFiguresEarly,
  ]),
  staffRoute(
    '/dashboard/reports',
    'dashboard-reports',
    'dashboard.reports.title',
    () => import('./DashboardReportsPage.vue'),
    commissioners,
  ),
  staffRoute(
    '/dashboard/reports/:id',
    'dashboard-report',
    'dashboard.report.page_title',
    () => import('./DashboardReportPage.vue'),
    commissioners,
  ),
  // care leavers per district, for "per 100 care leavers": admins only, checked by the API
  staffRoute(
    '/staff/care-leavers',
    'dashboard-care-leavers',
    'dashboard.care_leavers.title',
    () => import('./DashboardCareLeaversPage.vue'),
    requireRole('admin'),
  ),
];
