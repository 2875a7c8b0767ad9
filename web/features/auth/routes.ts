import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';
import { requireRole, requireStaff } from './auth-guard';

export const routes: RouteRecordRaw[] = [
  {
    path: '/staff/sign-in',
    name: 'staff-sign-in',
    component: withStaffWords(() => import('./AuthSignInPage.vue')),
    meta: { titleKey: 'nav.staff_sign_in' },
  },
  {
    path: '/staff/account',
    name: 'staff-account',
    component: withStaffWords(() => import('./AuthAccountPage.vue')),
    beforeEnter: requireStaff(),
    meta: { titleKey: 'auth.account.title' },
  },
  {
    path: '/staff/accounts',
    name: 'staff-accounts',
    component: withStaffWords(() => import('./AuthStaffPage.vue')),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'auth.staff.title' },
  },
  {
    path: '/staff/audit',
    name: 'staff-audit',
    component: withStaffWords(() => import('./AuthAuditPage.vue')),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'auth.audit.title' },
  },
];
