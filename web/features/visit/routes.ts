import type { RouteRecordRaw } from 'vue-router';

// The open visit is named after `#` (/visit#<id>), and a shared summary travels after `#` too
// (/visit/summary#<code>): browsers never send that part to the server.
export const routes: RouteRecordRaw[] = [
  { path: '/visit', name: 'visit', component: () => import('./VisitPage.vue'), meta: { titleKey: 'nav.visit' } },
  {
    path: '/visit/summary',
    name: 'visit-summary',
    component: () => import('./VisitSharedSummaryPage.vue'),
    meta: { titleKey: 'visit.summary.title' },
  },
];
