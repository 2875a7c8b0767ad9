/**
 * A route's page together with the content pack it shows (the local offer): the words and facts start
 * loading with the page's own chunk (not after it has mounted), and the route resolves once both are there,
 * so the page's first paint already has its words: no "Loading…" line that the content then pushes down
 * (layout shift), and the largest text is painted at once. The loaders (web/app/content.ts,
 * web/app/content-loaders.ts) are chunks of their own, so the first page's JavaScript does not grow. A
 * content load that fails does not stop the page: it shows its own error and retry. (The report pages do
 * not wait: their heading needs no content, and their byte budget has no room for the loader.)
 *
 *   { path: '/offer/:id', component: withContent(() => import('./LocalOfferEntitlementPage.vue')) }
 */
import { wantedLocale } from './i18n';

export function withContent<T>(page: () => Promise<T>): () => Promise<T> {
  return () => {
    const content = import('./content').then((m) => m.preloadPackContent(wantedLocale())).catch(() => undefined);
    return Promise.all([page(), content]).then(([component]) => component);
  };
}
