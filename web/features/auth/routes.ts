import type { RouteRecordRaw } from 'vue-router';
import { requireRole, requireStaff } from './auth-guard';

export const routes: RouteRecordRaw[] = [
  { path: '/staff/sign-in', name: 'staff-sign-in', component: () => import('./AuthSignInPage.vue'), meta: { titleKey: 'nav.staff_sign_in' } },
  {
    path: '/staff/account',
    name: 'staff-account',
    component: () => import('./AuthAccountPage.vue'),
    beforeEnter: requireStaff(),
    meta: { titleKey: 'auth.account.title' },
  },
  {
    path: '/staff/accounts',
    name: 'staff-accounts',
    component: () => import('./AuthStaffPage.vue'),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'auth.staff.title' },
  },
  {
    path: '/staff/audit',
    name: 'staff-audit',
    component: () => import('./AuthAuditPage.vue'),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'auth.audit.title' },
  },
  // Open311 API keys for partner systems (issue 8): admins only, checked by the API
  {
    path: '/staff/api-keys',
    name: 'staff-api-keys',
    component: () => import('./AuthApiKeysPage.vue'),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'api_keys.title' },
  },
];
