import type { RouteRecordRaw } from 'vue-router';
import { staffRoute } from '../../app/staff-route';
import { requireRole } from '../auth/auth-guard';

// Open311 API keys for partner systems (councils, housing providers): admins only, checked by the API too
export const routes: RouteRecordRaw[] = [
  staffRoute(
    '/staff/api-keys',
    'staff-api-keys',
    'api_keys.title',
    () => import('./PartnerKeysPage.vue'),
    requireRole('admin'),
  ),
];
