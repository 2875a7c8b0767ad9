import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/report', name: 'report', component: () => import('./HousingReportsPage.vue'), meta: { titleKey: 'nav.report' } },
  { path: '/my-reports', name: 'my-reports', component: () => import('./HousingReportsPage.vue'), meta: { titleKey: 'nav.my_reports' } },
];
