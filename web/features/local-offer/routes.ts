import type { RouteRecordRaw } from 'vue-router';
import { withContent } from '../../app/route-content';

// the pack's facts and words load with the page, so it opens with them (web/app/route-content.ts)
export const routes: RouteRecordRaw[] = [
  {
    path: '/offer',
    name: 'offer',
    component: withContent(() => import('./LocalOfferPage.vue'), 'pack'),
    meta: { titleKey: 'nav.offer' },
  },
  {
    path: '/offer/:id',
    name: 'offer-item',
    component: withContent(() => import('./LocalOfferEntitlementPage.vue'), 'pack'),
    meta: { titleKey: 'nav.offer_item' },
  },
];
