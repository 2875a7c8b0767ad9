import type { RouteRecordRaw } from 'vue-router';
import { staffRoute } from '../../app/staff-route';

// Published figures: anyone, no sign-in (GET /api/stats/districts); its words are the staff pages' words.
export const routes: RouteRecordRaw[] = [
  staffRoute('/figures', 'figures', 'stats.title', () => import('./StatsFiguresPage.vue')),
];
