import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/help', name: 'help', component: () => import('./HelpPage.vue'), meta: { titleKey: 'nav.help' } },
];
