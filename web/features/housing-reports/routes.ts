import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/report', name: 'report', component: () => import('./ReportConcernPage.vue'), meta: { titleKey: 'nav.report' } },
  { path: '/my-reports', name: 'my-reports', component: () => import('./MyReportsPage.vue'), meta: { titleKey: 'nav.my_reports' } },
];

// The outbox is retried whenever the app opens, whatever page it opens on (issue 4: "on start"), once
// the first page has loaded. Its code is a small lazy chunk, not part of the first page's JavaScript.
if (typeof window !== 'undefined' && import.meta.env.MODE !== 'test') {
  const start = () => void import('./outbox-runner').then((m) => m.startOutboxRunner()).catch(() => undefined);
  if (document.readyState === 'complete') setTimeout(start, 0);
  else window.addEventListener('load', start, { once: true });
}
