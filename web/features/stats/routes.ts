import type { RouteRecordRaw } from 'vue-router';

// Published figures: anyone, no sign-in (GET /api/stats/districts).
export const routes: RouteRecordRaw[] = [
  { path: '/figures', name: 'figures', component: () => import('./StatsFiguresPage.vue'), meta: { titleKey: 'stats.title' } },
];
