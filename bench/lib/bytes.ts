/**
 * Bytes: what each route makes a phone download, measured by loading it in headless Chromium (the
 * browser decides what a route needs: lazy chunks, locale strings, CSS), and the service worker's
 * precache read from the built sw.js. Shared by `npm run bench` and tests/e2e/budgets.e2e.ts.
 *
 * Sizes are computed from the built files with the server's own settings (gzip level 9, brotli
 * quality 11, api/lib/static-files.ts), so a route's figure does not depend on which encoding
 * Chromium asked for. The first visit is measured on the wire instead (byte-proxy.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { startByteProxy } from './byte-proxy';
import { launchChromium } from './chromium';

export interface Sizes {
  raw: number;
  gzip: number;
  br: number;
}

const zero = (): Sizes => ({ raw: 0, gzip: 0, br: 0 });
const add = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, br: a.br + b.br });

const sizeCache = new Map<string, Sizes>();
/** Raw, gzip (level 9) and brotli (quality 11) sizes of one file. */
export function fileSizes(path: string): Sizes {
  let sizes = sizeCache.get(path);
  if (!sizes) {
    const body = readFileSync(path);
    sizes = {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    sizeCache.set(path, sizes);
  }
  return sizes;
}

/** A phone-sized context; service workers blocked so that only the page's own requests are seen. */
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export interface RouteSpec {
  name: string;
  /** path with query, e.g. `/report?lang=en` */
  path: string;
  /** `name=value` cookies to send (a staff session for the dashboard) */
  cookies?: { name: string; value: string }[];
  /** for the report route: count the Leaflet chunk even if the page loads it only later */
  withLeaflet?: boolean;
}

export interface RouteBytes {
  name: string;
  path: string;
  /** the address the page ended on (a guard may have redirected) */
  finalPath: string;
  js: Sizes;
  css: Sizes;
  /** JSON, GeoJSON, a language's words, images, fonts, HTML of the same origin, from the build */
  other: Sizes;
  jsFiles: string[];
  cssFiles: string[];
  /** bytes the server actually sent for the page (br, headers included), service worker blocked */
  transfer: number;
  /** set when Leaflet was not loaded by the page itself and was added to the count */
  leafletAdded?: string[];
}

/** Loads each route in a fresh phone context and sums the built files it fetched. */
export async function measureRoutes(
  baseUrl: string,
  distDir: string,
  routes: RouteSpec[],
  browser?: Browser,
): Promise<RouteBytes[]> {
  const own = !browser;
  const b = browser ?? (await launchChromium());
  const target = new URL(baseUrl);
  const proxy = await startByteProxy(Number(target.port));
  const out: RouteBytes[] = [];
  try {
    for (const route of routes) {
      const context = await b.newContext({ ...PHONE, serviceWorkers: 'block' });
      if (route.cookies?.length) {
        await context.addCookies(route.cookies.map((c) => ({ ...c, url: proxy.url })));
      }
      const page = await context.newPage();
      const files = new Set<string>();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.origin !== proxy.url || response.status() >= 400) return;
        const file = join(distDir, decodeURIComponent(url.pathname));
        if (!url.pathname.startsWith('/api/') && isFile(file)) files.add(file);
      });
      proxy.reset();
      await page.goto(proxy.url + route.path, { waitUntil: 'networkidle' });
      await proxy.waitQuiet(800, 10_000);
      const transfer = proxy.bytesDown();
      const finalPath = new URL(page.url()).pathname;
      await context.close();

      const leafletAdded: string[] = [];
      if (route.withLeaflet && ![...files].some(isLeafletJs)) {
        for (const file of listFiles(distDir).filter((f) => isLeafletJs(f) || isLeafletCss(f))) {
          files.add(file);
          leafletAdded.push(relative(distDir, file));
        }
      }
      const pick = (ext: string) => [...files].filter((f) => extname(f) === ext).sort();
      const sum = (list: string[]) => list.map(fileSizes).reduce(add, zero());
      // a language's strings (`.words`, gzip files its chunk reads) are data, like the JSON files: each
      // language's words have their own budget (tests/e2e/languages-size.e2e.ts)
      const jsFiles = pick('.js');
      const cssFiles = pick('.css');
      const otherFiles = [...files].filter((f) => !['.js', '.css'].includes(extname(f)));
      out.push({
        name: route.name,
        path: route.path,
        finalPath,
        js: sum(jsFiles),
        css: sum(cssFiles),
        other: sum(otherFiles),
        jsFiles: jsFiles.map((f) => relative(distDir, f)),
        cssFiles: cssFiles.map((f) => relative(distDir, f)),
        transfer,
        leafletAdded: leafletAdded.length ? leafletAdded : undefined,
      });
    }
  } finally {
    await proxy.close();
    if (own) await b.close();
  }
  return out;
}

export interface FirstVisit {
  /** every byte sent to the browser: the page, then the service worker installing its precache */
  total: number;
  /** the same page with service workers blocked: what it costs before the precache */
  pageOnly: number;
  requests: number;
  serviceWorkerControlled: boolean;
}

/**
 * A first visit to `path` from an empty browser, on the wire: everything the server sends until the
 * service worker has installed (precache) and the network is quiet. Map tiles come from another host
 * and are not counted (none is reachable here anyway).
 */
export async function measureFirstVisit(baseUrl: string, path = '/', browser?: Browser): Promise<FirstVisit> {
  const own = !browser;
  const b = browser ?? (await launchChromium());
  const proxy = await startByteProxy(Number(new URL(baseUrl).port));
  try {
    const blocked = await b.newContext({ ...PHONE, serviceWorkers: 'block' });
    proxy.reset();
    await (await blocked.newPage()).goto(proxy.url + path, { waitUntil: 'networkidle' });
    await proxy.waitQuiet(1000, 15_000);
    const pageOnly = proxy.bytesDown();
    await blocked.close();

    const context = await b.newContext(PHONE);
    const page = await context.newPage();
    proxy.reset();
    await page.goto(proxy.url + path, { waitUntil: 'networkidle' });
    const serviceWorkerControlled = await page
      .waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    await proxy.waitQuiet(1500, 30_000);
    const result = { total: proxy.bytesDown(), pageOnly, requests: proxy.requests(), serviceWorkerControlled };
    await context.close();
    return result;
  } finally {
    await proxy.close();
    if (own) await b.close();
  }
}

export interface Precache {
  files: { url: string; sizes: Sizes }[];
  total: Sizes;
  largest: { url: string; raw: number };
}

/** The precache list injected into sw.js by vite-plugin-pwa (injectManifest), with each file's sizes. */
export function readPrecache(distDir: string): Precache {
  const sw = readFileSync(join(distDir, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  if (urls.length === 0) throw new Error('no precache list found in sw.js');
  const files = urls.map((url) => ({ url, sizes: fileSizes(join(distDir, url)) }));
  const total = files.map((f) => f.sizes).reduce(add, zero());
  const largest = files.reduce((a, f) => (f.sizes.raw > a.raw ? { url: f.url, raw: f.sizes.raw } : a), {
    url: '',
    raw: 0,
  });
  return { files, total, largest };
}

/** Every file the build emitted, largest first. */
export function distFiles(distDir: string): { path: string; raw: number }[] {
  return listFiles(distDir)
    .map((f) => ({ path: relative(distDir, f).split(sep).join('/'), raw: statSync(f).size }))
    .sort((a, b) => b.raw - a.raw);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Leaflet's own code carries its home page in the attribution prefix. */
const isLeafletJs = (file: string) => extname(file) === '.js' && readFileSync(file, 'utf8').includes('leafletjs.com');
const isLeafletCss = (file: string) =>
  extname(file) === '.css' && readFileSync(file, 'utf8').includes('.leaflet-container');
