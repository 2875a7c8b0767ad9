/**
 * A route's page together with the content pack it shows: the words and facts start loading with the page's
 * own chunk (not after it has mounted), and the route resolves once both are there, so the page's first
 * paint already has its words: no "Loading…" line, no list that then pushes the form's buttons down (layout
 * shift), and the largest text is painted at once. The loaders (web/app/content.ts for the whole pack,
 * web/app/content-loaders.ts for the report section) are chunks of their own, so the first page's
 * JavaScript does not grow. A content load that fails does not stop the page: it shows its own error and
 * retry.
 *
 *   { path: '/offer/:id', component: withContent(() => import('./LocalOfferEntitlementPage.vue'), 'pack') }
 */
import { TEXT_LOADERS, textPath } from './content-words';
import { wantedLocale } from './i18n';

export function withContent<T>(page: () => Promise<T>, what: 'pack' | 'report'): () => Promise<T> {
  return () => {
    // The words start now, with the page's chunk: the loaders below then find them in the browser's
    // module map instead of asking for them a round trip later.
    for (const section of what === 'pack' ? (['report', 'rest'] as const) : (['report'] as const)) {
      void TEXT_LOADERS[section][textPath(wantedLocale())]?.().catch(() => undefined);
    }
    const content = (
      what === 'pack'
        ? import('./content').then((m) => m.preloadPackContent(wantedLocale()))
        : import('./content-loaders').then((m) => m.preloadReportContent(wantedLocale()))
    ).catch(() => undefined);
    return Promise.all([page(), content]).then(([component]) => component);
  };
}
