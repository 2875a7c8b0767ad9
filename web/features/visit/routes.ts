import type { RouteRecordRaw } from 'vue-router';
import { withQuestionWords } from '../../app/i18n';

// The open visit is named after `#` (/visit#<id>), and a shared summary travels after `#` too
// (/visit/summary#<code>): browsers never send that part to the server.
export const routes: RouteRecordRaw[] = [
  {
    path: '/visit',
    name: 'visit',
    component: withQuestionWords(() => import('./VisitPage.vue')),
    meta: { titleKey: 'nav.visit' },
  },
  {
    path: '/visit/summary',
    name: 'visit-summary',
    component: withQuestionWords(() => import('./VisitSharedSummaryPage.vue')),
    meta: { titleKey: 'visit.summary.title' },
  },
];
