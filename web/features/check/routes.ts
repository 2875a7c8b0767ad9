import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/check', name: 'check', component: () => import('./CheckPage.vue'), meta: { titleKey: 'nav.check' } },
];
