import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/staff/sign-in', name: 'staff-sign-in', component: () => import('./AuthSignInPage.vue'), meta: { titleKey: 'nav.staff_sign_in' } },
  // Open311 API keys for partner systems (issue 8): admins only, checked by the API
  { path: '/staff/api-keys', name: 'staff-api-keys', component: () => import('./AuthApiKeysPage.vue'), meta: { titleKey: 'api_keys.title' } },
];
