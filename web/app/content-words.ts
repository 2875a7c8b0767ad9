/**
 * Where each language's words of the content pack are: two lazy chunks per language, the report section
 * and the rest (SECTIONS in vite.config.ts). This module is in the first page's bundle (a few hundred
 * bytes), so a route starts fetching its words together with its own chunk (web/app/route-content.ts),
 * not a round trip later, once the content loaders have arrived.
 */
// the built app's words arrive as a promise (locales/read-words.ts), flattened by the loader's `then`
export type TextLoaders = Record<string, () => Promise<{ default: object | Promise<object> }>>;

export const TEXT_LOADERS: Record<'report' | 'rest', TextLoaders> = {
  report: import.meta.glob<{ default: object | Promise<object> }>('../../content/kent/text/*.json', {
    query: '?section=report',
  }),
  rest: import.meta.glob<{ default: object | Promise<object> }>('../../content/kent/text/*.json', {
    query: '?section=rest',
  }),
};

export const textPath = (locale: string) => `../../content/kent/text/${locale}.json`;
