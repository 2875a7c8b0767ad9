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
 * The page for a route with its hints. The pages every visitor of a route gets (signed out, or signed in
 * with the route's usual address) are made and compressed once. A signed-in page for an address of its own
 * (the dashboard's filters) is made for that request and sent as it is: its address is the caller's to
 * choose, so keeping or compressing one per address would let anyone with a cookie make the server
 * compress page after page.
 */
export function routePageCache(index: StaticFile) {
  const pages = new Map<string, StaticFile>();
  const html = index.body.toString('utf8');
  return (hints: RouteHints, apiPaths: string[] = [], ownAddress = false): StaticFile => {
    const body = withRouteHints(html, hints, apiPaths);
    // an answer that depends on the session cookie: never stored for someone else
    const cacheControl = apiPaths.length ? 'private, no-cache' : index.cacheControl;
    if (ownAddress) return staticFile(Buffer.from(body), index.type, cacheControl, { compress: false });
    let page = pages.get(body);
    if (!page) {
      page = staticFile(Buffer.from(body), index.type, cacheControl);
      pages.set(body, page);
    }
    return page;
  };
}
