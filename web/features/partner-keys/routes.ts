import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';
import { requireRole } from '../auth/auth-guard';

// Open311 API keys for partner systems (councils, housing providers): admins only, checked by the API too
export const routes: RouteRecordRaw[] = [
  {
    path: '/staff/api-keys',
    name: 'staff-api-keys',
    component: withStaffWords(() => import('./PartnerKeysPage.vue')),
    beforeEnter: requireRole('admin'),
    meta: { titleKey: 'api_keys.title' },
  },
];
