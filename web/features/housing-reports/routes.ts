import type { RouteRecordRaw } from 'vue-router';
import { withReportWords } from '../../app/i18n';
import { withContent } from '../../app/route-content';
import { OUTBOX_DB_NAME } from './outbox-name';

// The outbox retry loop (on start, on `online`, every minute). Its code is a lazy chunk: it
// starts when the app opens with reports on the phone, and whenever the report pages open. Most phones
// have nothing waiting, so the first page does not download it at all.
const startOutbox = () => void import('./outbox-runner').then((m) => m.startOutboxRunner()).catch(() => undefined);

// The pages open with the report section of the pack's words already there (web/app/route-content.ts);
// My reports with its own words too (web/app/i18n.ts), which the report form's confirmation screen loads
// with its chunk.
export const routes: RouteRecordRaw[] = [
  {
    path: '/report',
    name: 'report',
    component: withContent(() => import('./ReportConcernPage.vue'), 'report'),
    meta: { titleKey: 'nav.report' },
    beforeEnter: () => startOutbox(),
  },
  {
    path: '/my-reports',
    name: 'my-reports',
    component: withContent(
      withReportWords(() => import('./MyReportsPage.vue')),
      'report',
    ),
    meta: { titleKey: 'nav.my_reports' },
    beforeEnter: () => startOutbox(),
  },
];

async function startIfQueued() {
  // indexedDB.databases() is missing in a few old browsers: then start anyway
  const names = await indexedDB
    .databases?.()
    .then((dbs) => dbs.map((d) => d.name))
    .catch(() => undefined);
  if (!names || names.includes(OUTBOX_DB_NAME)) startOutbox();
}

if (typeof window !== 'undefined' && typeof indexedDB !== 'undefined' && import.meta.env.MODE !== 'test') {
  if (document.readyState === 'complete') setTimeout(() => void startIfQueued(), 0);
  else window.addEventListener('load', () => void startIfQueued(), { once: true });
}
