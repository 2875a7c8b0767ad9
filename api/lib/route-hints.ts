/**
 * The page sent for a client route names that route's own files (web build: `route-hints.json`, written by
 * vite.config.ts), so the browser fetches the page's chunks, styles and words alongside the main script
 * instead of finding them one after the other as each script runs. For someone signed in it also names the
 * API answers the page asks for first, so they are on their way before any script has run. Only links: the
 * page's scripts still ask for everything themselves, and get the answers the browser already has.
 */
import { staticFile, type StaticFile } from './static-files';

export interface RouteHints {
  modules: string[];
  styles: string[];
  fetches: string[];
}

/** The hints per path from the build's route-hints.json; none when the build wrote none. */
export function readRouteHints(file: StaticFile | undefined): Map<string, RouteHints> {
  if (!file) return new Map();
  return new Map(Object.entries(JSON.parse(file.body.toString('utf8')) as Record<string, RouteHints>));
}

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `html` with the hints' links before `</head>`: modules, styles and words, then the API answers. */
export function withRouteHints(html: string, hints: RouteHints, apiPaths: string[] = []): string {
  const links = [
    ...hints.modules.map((href) => `<link rel="modulepreload" crossorigin href="${attr(href)}">`),
    ...hints.styles.map((href) => `<link rel="preload" as="style" crossorigin href="${attr(href)}">`),
    // `crossorigin` (same-origin credentials, CORS mode) is what a plain fetch() asks with, so it takes these
    ...[...hints.fetches, ...apiPaths].map(
      (href) => `<link rel="preload" as="fetch" crossorigin href="${attr(href)}">`,
    ),
  ];
  return html.replace('</head>', `${links.join('\n    ')}\n  </head>`);
}

/**
 * The page for a route with its hints, made once per different page: the signed-in variants differ by
 * their API paths (the dashboard's filters), so a few are kept, not one per request.
 */
export function routePageCache(index: StaticFile, max = 64) {
  const pages = new Map<string, StaticFile>();
  const html = index.body.toString('utf8');
  return (hints: RouteHints, apiPaths: string[] = []): StaticFile => {
    const body = withRouteHints(html, hints, apiPaths);
    let page = pages.get(body);
    if (!page) {
      if (pages.size >= max) pages.clear();
      // an answer that depends on the session cookie: never stored for someone else
      page = staticFile(Buffer.from(body), index.type, apiPaths.length ? 'private, no-cache' : index.cacheControl);
      pages.set(body, page);
    }
    return page;
  };
}
