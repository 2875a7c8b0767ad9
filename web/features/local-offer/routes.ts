import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/offer', name: 'offer', component: () => import('./LocalOfferPage.vue'), meta: { titleKey: 'nav.offer' } },
  { path: '/offer/:id', name: 'offer-item', component: () => import('./LocalOfferEntitlementPage.vue'), meta: { titleKey: 'nav.offer_item' } },
];
