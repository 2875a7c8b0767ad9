import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/staff/sign-in', name: 'staff-sign-in', component: () => import('./AuthSignInPage.vue'), meta: { titleKey: 'nav.staff_sign_in' } },
];
