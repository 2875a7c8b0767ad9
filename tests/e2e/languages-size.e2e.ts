// Language sizes, on the built app (dist/): each language's UI strings and content together are
// at most 60 KB gzip, each in its own lazy chunk, and with the Tigrinya webfont (at most 120 KB, precached,
// read by the browser only where Ethiopic text shows) Tigrinya's words and font stay within 60 KB gzip.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { SUPPORTED_LOCALES } from '../../locales/index';

const dist = join(import.meta.dirname, '../../dist');
const assets = join(dist, 'assets');
const LANGUAGE_BUDGET = 60 * 1024;
const FONT_BUDGET = 120 * 1024;
const FONT = /noto-sans-ethiopic-subset-[\w-]+\.woff2$/;

/** Gzip bytes of a built file; a language's strings (`.words`) are stored gzipped already, so their size. */
const gzip = (file: string) =>
  file.endsWith('.words')
    ? statSync(join(assets, file)).size
    : gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
const read = (file: string) => {
  const bytes = readFileSync(join(assets, file));
  return (file.endsWith('.words') ? gunzipSync(bytes) : bytes).toString('utf8');
};

const readJson = (path: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../..', path), 'utf8'));

/**
 * The built files of a language: its UI strings (locales/<code>.json: the offline pages' words, and the
 * staff pages' words in staff-words-<code>-*), and its content text (the report section and the rest), each
 * a small chunk and the gzip file of strings it reads (`.words`). Those hold a language's strings only (the
 * keys are shared, in one shape chunk), so they are told apart by a string of that language.
 */
function languageChunks(code: string) {
  const ui = readJson(`locales/${code}.json`) as { app: Record<string, string> };
  const text = readJson(`content/kent/text/${code}.json`) as { entitlements: Record<string, { title: string }> };
  const files = readdirSync(assets).filter(
    (f) =>
      (f.startsWith(`${code}-`) || f.startsWith(`staff-words-${code}-`)) && /^[\w-]+-[\w-]{8}\.(js|words)$/.test(f),
  );
  const holds = (text: string) => (f: string) => read(f).includes(text);
  return {
    files,
    // a UI-strings chunk holds the language's words for the app bar; a content chunk an entitlement's title
    ui: files.filter(holds(Object.values(ui.app)[0]!)),
    content: files.filter(holds(Object.values(text.entitlements)[0]!.title)),
    staff: files.filter((f) => f.startsWith('staff-words-') && f.endsWith('.words')),
  };
}

let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  server = await startServer();
  b = await setupBrowser();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

describe('each language is small', () => {
  const sizes: string[] = [];
  it.each(SUPPORTED_LOCALES.map((l) => l.code))(
    `%s: UI strings + content ≤ ${LANGUAGE_BUDGET / 1024} KB gzip`,
    (code) => {
      const { files, ui, content, staff } = languageChunks(code);
      expect(ui, `one offline UI-strings chunk for ${code}`).toHaveLength(1);
      expect(staff, `one staff-words chunk for ${code}`).toHaveLength(1);
      expect(content, `one content chunk with the entitlements for ${code}`).toHaveLength(1);
      expect(files.length, `${code}: ${files.join(', ')}`).toBeGreaterThanOrEqual(4); // and the report section
      const total = files.reduce((sum, f) => sum + gzip(f), 0);
      sizes.push(`${code} ${(total / 1024).toFixed(1)} KB`);
      expect(total).toBeLessThanOrEqual(LANGUAGE_BUDGET);
    },
  );
  afterAll(() => console.log(`UI + content per language (gzip): ${sizes.join(', ')}`));
});

describe("each language's first page", () => {
  const sizes: string[] = [];
  // what the home page loads for the language beyond the shared app: its words, and its font (only
  // Tigrinya has one), gzip, as the browser asked for them
  it.each(SUPPORTED_LOCALES.map((l) => l.code))(
    `%s: words and fonts ≤ ${LANGUAGE_BUDGET / 1024} KB gzip`,
    async (code) => {
      const asked: string[] = [];
      const listen = (request: { url(): string }) =>
        asked.push(new URL(request.url()).pathname.replace(/^\/assets\//, ''));
      b.page.on('request', listen);
      await b.page.goto(`${server.url}/?lang=${code}`);
      await b.page.locator('main h1').waitFor();
      await b.page.evaluate(() => document.fonts.ready);
      b.page.off('request', listen);
      const own = [...new Set(asked)].filter((f) => f.startsWith(`${code}-`) || FONT.test(f));
      expect(own.length, `${code}: ${asked.join(', ')}`).toBeGreaterThan(0);
      if (code === 'ti')
        expect(
          own.some((f) => FONT.test(f)),
          own.join(', '),
        ).toBe(true);
      const total = own.reduce((sum, f) => sum + gzip(f), 0);
      sizes.push(`${code} ${(total / 1024).toFixed(1)} KB`);
      expect(total).toBeLessThanOrEqual(LANGUAGE_BUDGET);
    },
  );
  afterAll(() => console.log(`first page's own words and fonts (gzip): ${sizes.join(', ')}`));
});

describe('the Ethiopic font', () => {
  it(`is one subset file of at most ${FONT_BUDGET / 1024} KB, precached (Tigrinya offline after one visit in any language)`, () => {
    const fonts = readdirSync(assets).filter((f) => FONT.test(f));
    expect(fonts).toHaveLength(1);
    const bytes = statSync(join(assets, fonts[0]!)).size;
    console.log(`Ethiopic subset font: ${(bytes / 1024).toFixed(1)} KB`);
    expect(bytes).toBeLessThanOrEqual(FONT_BUDGET);
    expect(readFileSync(join(dist, 'sw.js'), 'utf8')).toContain(fonts[0]);
  });

  it('Tigrinya text uses it; the other languages never ask for it', async () => {
    const ethiopicFont = () =>
      b.page.evaluate(() =>
        [...document.fonts].filter((f) => f.family.includes('Noto Sans Ethiopic Subset')).map((f) => f.status),
      );
    await b.page.goto(`${server.url}/offer/rent_guarantor?lang=en`);
    await b.page.getByTestId('offer-easy-read').waitFor();
    expect(await ethiopicFont()).toEqual(['unloaded']);
    await chooseLanguage(b.page, 'ti');
    await expect.poll(ethiopicFont).toEqual(['loaded']);
  });
});
