import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/about', name: 'about', component: () => import('./AboutPage.vue'), meta: { titleKey: 'about.title' } },
];
