import type { RouteRecordRaw } from 'vue-router';
import { withQuestionWords } from '../../app/i18n';

export const routes: RouteRecordRaw[] = [
  {
    path: '/check',
    name: 'check',
    component: withQuestionWords(() => import('./CheckPage.vue')),
    meta: { titleKey: 'nav.check' },
  },
];
