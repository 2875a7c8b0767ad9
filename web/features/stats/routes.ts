import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';

// Published figures: anyone, no sign-in (GET /api/stats/districts).
export const routes: RouteRecordRaw[] = [
  {
    path: '/figures',
    name: 'figures',
    component: withStaffWords(() => import('./StatsFiguresPage.vue')),
    meta: { titleKey: 'stats.title' },
  },
];
