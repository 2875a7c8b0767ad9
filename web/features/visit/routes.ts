import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/visit', name: 'visit', component: () => import('./VisitPage.vue'), meta: { titleKey: 'nav.visit' } },
];
