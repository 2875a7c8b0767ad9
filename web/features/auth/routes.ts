import type { RouteRecordRaw } from 'vue-router';
import { staffRoute } from '../../app/staff-route';
import { requireRole, requireStaff } from './auth-guard';

export const routes: RouteRecordRaw[] = [
  staffRoute('/staff/sign-in', 'staff-sign-in', 'nav.staff_sign_in', () => import('./AuthSignInPage.vue')),
  staffRoute(
    '/staff/account',
    'staff-account',
    'auth.account.title',
    () => import('./AuthAccountPage.vue'),
    requireStaff(),
  ),
  staffRoute(
    '/staff/accounts',
    'staff-accounts',
    'auth.staff.title',
    () => import('./AuthStaffPage.vue'),
    requireRole('admin'),
  ),
  staffRoute(
    '/staff/audit',
    'staff-audit',
    'auth.audit.title',
    () => import('./AuthAuditPage.vue'),
    requireRole('admin'),
  ),
];
