// Build test: the service worker and manifest exist, the precache lists the locale files and
// the content, and the JavaScript of the first page is small and free of Leaflet and eval.
// Runs after `npm run build` (npm test builds first).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
const read = (file: string) => readFileSync(join(dist, file));

const FIRST_PAGE_JS_LIMIT = 100 * 1024; // gzip bytes
const FIRST_PAGE_CSS_LIMIT = 20 * 1024; // raw bytes
const FONT_CSS_LIMIT = 10 * 1024; // raw bytes of fonts inlined in that CSS

let precache: string[] = [];

beforeAll(() => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const sw = read('sw.js').toString();
  precache = [...sw.matchAll(/["']?url["']?\s*:\s*["']([^"']+)["']/g)].map((m) => m[1]!);
});

/** The first page's JS: index.html's module script and modulepreloads, then their static imports, recursively. */
function firstPageFiles(): string[] {
  const html = read('index.html').toString();
  const start = [
    ...[...html.matchAll(/<script[^>]+type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].map((url) => url.replace(/^\//, ''));
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = read(file).toString();
    // static `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`; not `import("./x.js")`
    for (const m of code.matchAll(/\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      queue.push(posix.normalize(posix.join(posix.dirname(file), (m[1] ?? m[2])!)));
    }
  }
  return [...seen];
}

function pngSize(file: string): { width: number; height: number } {
  const png = read(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('build output', () => {
  it('has the service worker and the web app manifest', () => {
    expect(existsSync(join(dist, 'sw.js'))).toBe(true);
    expect(existsSync(join(dist, 'manifest.webmanifest'))).toBe(true);
    expect(read('index.html').toString()).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  });

  it('the manifest has the fields and icons an installable app needs', () => {
    const manifest = JSON.parse(read('manifest.webmanifest').toString()) as Record<string, unknown> & {
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    for (const field of [
      'name',
      'short_name',
      'description',
      'start_url',
      'scope',
      'theme_color',
      'background_color',
      'lang',
    ]) {
      expect(manifest[field], field).toEqual(expect.any(String));
    }
    expect(manifest.display).toBe('standalone');
    const icon = (size: string, maskable: boolean) =>
      manifest.icons.find((i) => i.sizes === size && i.type === 'image/png' && (i.purpose === 'maskable') === maskable);
    for (const [size, maskable] of [
      ['192x192', false],
      ['512x512', false],
      ['512x512', true],
    ] as const) {
      const found = icon(size, maskable);
      expect(found, `${size}${maskable ? ' maskable' : ''} icon`).toBeDefined();
      const { width, height } = pngSize(found!.src.replace(/^\//, ''));
      expect(`${width}x${height}`).toBe(size);
      // the 192 px one is precached (the phone shows it offline too); the big ones are fetched when the app
      // is installed (online)
      expect(precache.includes(found!.src.replace(/^\//, '')), found!.src).toBe(size === '192x192');
    }
  });

  it('precaches the app shell, every locale file and the district boundaries', () => {
    expect(precache).toContain('index.html');
    // every point, for the phone's maps and "where do I live"; the dashboard's overview is a staff page's
    expect(precache.filter((url) => /^assets\/districts[\w.-]*\.json$/.test(url))).toEqual([
      expect.stringMatching(/^assets\/districts\.web-[\w-]+\.json$/),
    ]);
    const locales = readdirSync(join(root, 'locales')).filter((f) => f.endsWith('.json'));
    expect(locales).toContain('en.json');
    expect(locales).toContain('ar.json');
    for (const file of locales) {
      const code = file.replace(/\.json$/, '');
      // a precached words file (gzip) named after the language that really holds its strings (content
      // translations have words files named after the language too)
      const { app } = JSON.parse(readFileSync(join(root, 'locales', file), 'utf8')) as { app: { name: string } };
      const words = precache.filter((url) => new RegExp(`^assets/${code}-[\\w-]+\\.words$`).test(url));
      const held = words.find((url) =>
        gunzipSync(read(url)).toString().includes(JSON.stringify(app.name).slice(1, -1)),
      );
      expect(held, `precached words for locales/${file} among ${words.join(', ') || 'none'}`).toBeDefined();
    }
    // nothing from the API is precached, nor the staff pages' words
    expect(precache.filter((url) => url.startsWith('api/'))).toEqual([]);
    expect(precache.filter((url) => url.includes('staff-words-'))).toEqual([]);
  });

  it('the first page loads at most 100 KB of JavaScript (gzip), without Leaflet', () => {
    const files = firstPageFiles();
    expect(files.length).toBeGreaterThan(0);
    const gzip = files.reduce((sum, f) => sum + gzipSync(read(f)).length, 0);
    console.info(`first-page JS: ${files.length} files, ${(gzip / 1024).toFixed(1)} KB gzip`);
    expect(gzip).toBeLessThanOrEqual(FIRST_PAGE_JS_LIMIT);
    for (const f of files) {
      const code = read(f).toString();
      expect(code, f).not.toContain('leaflet-container');
      expect(code, f).not.toContain('leafletjs.com');
    }
    // and Leaflet does exist in the build, in a lazy chunk (so the check above can fail)
    const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !files.includes(`assets/${f}`));
    expect(lazy.some((f) => read(`assets/${f}`).toString().includes('leaflet-container'))).toBe(true);
  });

  it("the first page CSS is at most 20 KB, and the language names' inlined fonts at most 10 KB more", () => {
    const html = read('index.html').toString();
    const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]!);
    expect(css.length).toBeGreaterThan(0);
    const text = css.map((f) => read(f).toString()).join('');
    // the pickers' endonyms (web/ui/fonts/endonyms.css): two tiny fonts, so each name shows at first paint
    const fonts = [...text.matchAll(/url\(["']?data:font\/woff2;base64,[^)]+\)/g)].map((m) => m[0]);
    expect(fonts).toHaveLength(2);
    const fontBytes = fonts.reduce((sum, f) => sum + f.length, 0);
    console.info(
      `first-page CSS: ${((Buffer.byteLength(text) - fontBytes) / 1024).toFixed(1)} KB + ${(fontBytes / 1024).toFixed(1)} KB of inlined fonts`,
    );
    expect(Buffer.byteLength(text) - fontBytes).toBeLessThanOrEqual(FIRST_PAGE_CSS_LIMIT);
    expect(fontBytes).toBeLessThanOrEqual(FONT_CSS_LIMIT);
  });

  it('no built script uses eval or new Function (the CSP forbids unsafe-eval)', () => {
    const scripts = [
      'sw.js',
      ...readdirSync(join(dist, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `assets/${f}`),
    ];
    for (const f of scripts) {
      const code = read(f).toString();
      expect(code, f).not.toMatch(/\bnew Function\s*\(/);
      expect(code, f).not.toMatch(/(^|[^.\w$])eval\s*\(/);
    }
  });

  it('index.html has no inline script', () => {
    const html = read('index.html').toString();
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
      ([, attrs, body]) => !/\bsrc=/.test(attrs!) || body!.trim(),
    );
    expect(inline).toEqual([]);
  });
});
