import type { RouteRecordRaw } from 'vue-router';
import { staffRoute } from '../../app/staff-route';
import { requireRole } from '../auth/auth-guard';

// PA accounts only; the API checks every request again (other roles get 403 there).
export const routes: RouteRecordRaw[] = [
  staffRoute('/pa/reports', 'pa-reports', 'pa.title', () => import('./PaMyYoungPeoplePage.vue'), requireRole('pa')),
  staffRoute(
    '/pa/reports/:id',
    'pa-report',
    'pa.report.page_title',
    () => import('./PaReportPage.vue'),
    requireRole('pa'),
  ),
];
