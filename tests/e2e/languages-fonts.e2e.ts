// A phone with no font for Ethiopic or Arabic script and no emoji font: Chromium is given a fontconfig that
// holds one Latin-only font (made here from an npm package's font, so it works on any machine). Then:
// - the first-open picker's 8 language names each render with real glyphs, not .notdef boxes;
// - after one online visit in English, offline, a Tigrinya visit shows Tigrinya glyphs on the questions
//   and the summary (the Ethiopic font is precached);
// - every icon on the home, offer, entitlement and report pages draws (an SVG sprite, no emoji);
// - with no voice for the language, read aloud says "ask your PA" instead of hiding.
// A character is drawn for real when a webfont of the app drew it: the phone's one font has no glyph for
// it, and draws a box; a control shows that this phone really has no Ethiopic or Arabic font.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import subsetFont from 'subset-font';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { SUPPORTED_LOCALES } from '../../locales/index';

const ROOT = join(import.meta.dirname, '../..');
let server: RunningServer;
let b: BrowserSession;

/** A fontconfig whose only font is Noto Naskh Arabic's Latin part (printable ASCII), as TrueType. */
async function latinOnlyFontconfig(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'clh-latin-only-'));
  const woff2 = await readFile(
    join(ROOT, 'node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-latin-400-normal.woff2'),
  );
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  writeFileSync(join(dir, 'latin.ttf'), await subsetFont(woff2, ascii, { targetFormat: 'truetype' }));
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${dir}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`,
  );
  return conf;
}

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser({}, { FONTCONFIG_FILE: await latinOnlyFontconfig() });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/**
 * For each element matched: its Ethiopic and Arabic characters, its other characters, and how many glyphs
 * the browser drew for it (its descendants' text included) with a font of the phone rather than a webfont
 * (CDP CSS.getPlatformFontsForNode). The phone's only font is Latin, so a box (.notdef) for a missing
 * character is one more phone glyph than the element's other characters need.
 */
async function glyphs(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const texts = await page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''));
    return await Promise.all(
      nodeIds.map(async (nodeId, i) => {
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        const phoneGlyphs = fonts.filter((f) => !f.isCustomFont).reduce((sum, f) => sum + f.glyphCount, 0);
        const text = texts[i]!.trim().replace(/\s+/g, ' ');
        const script = [...text].filter((c) => /[\u0600-\u06FF\u1200-\u139F]/.test(c)).length;
        return { text: texts[i]!.trim(), script, other: [...text].length - script, phoneGlyphs };
      }),
    );
  } finally {
    await cdp.detach();
  }
}
// (Latin text, Vietnamese included, is the phone's own font's job: every phone has one)
const boxed = (found: Awaited<ReturnType<typeof glyphs>>) =>
  found.filter((f) => f.script > 0 && f.phoneGlyphs > f.other);

describe('a phone with only a Latin font', () => {
  it('shows every language name on the first-open picker in real glyphs', async () => {
    await b.page.goto(`${server.url}/`);
    await b.page.getByTestId('language-first-run').waitFor();
    await b.page.evaluate(() => document.fonts.ready);
    const names = await glyphs(b.page, '.first-run__button');
    expect(names.map((n) => n.text)).toEqual(SUPPORTED_LOCALES.map((l) => l.endonym));
    expect(boxed(names)).toEqual([]);
    expect(names.filter((n) => n.script > 0)).toHaveLength(5); // ti and the four Arabic-script names

    // control: the same names without the app's fonts are boxes, so the check above can fail
    await b.page.evaluate(() =>
      document
        .querySelectorAll<HTMLElement>('.first-run__button')
        .forEach((el) => (el.style.fontFamily = 'sans-serif')),
    );
    // the fonts a node used are those of its last layout: laid out again, and drawn, before they are read
    await b.page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => (void document.body.offsetHeight, resolve()))),
    );
    const bare = await glyphs(b.page, '.first-run__button');
    expect(boxed(bare).map((n) => n.text)).toEqual(names.filter((n) => n.script > 0).map((n) => n.text));
  });

  it('offline, after one visit in English, a Tigrinya visit shows Tigrinya glyphs on the questions and the summary', async () => {
    await b.page.locator('.first-run__button[lang="en"]').click();
    await b.page.goto(`${server.url}/?lang=en`);
    await b.waitForServiceWorker();
    await b.page.reload();
    await b.waitForServiceWorker();
    await b.goOffline();

    await b.page.goto(`${server.url}/visit`);
    await b.page.getByTestId('visit-language').selectOption('ti');
    await b.page.getByTestId('visit-start').click();
    await b.page.getByTestId('check-question-age').waitFor();
    await b.page.evaluate(() => document.fonts.ready);
    const question = await glyphs(b.page, '[data-testid="check-question-age"] :is(h2, label span)');
    expect(question.reduce((sum, q) => sum + q.script, 0)).toBeGreaterThan(10);
    expect(boxed(question)).toEqual([]);

    await b.page.getByTestId('check-option-19').click();
    await b.page.getByTestId('visit-skip-questions').click();
    await b.page.getByTestId('visit-status-getting').click();
    await b.page.getByTestId('visit-finish').click();
    await b.page.locator('.visit-summary__cell[lang="ti"]').first().waitFor();
    await b.page.evaluate(() => document.fonts.ready);
    const summary = await glyphs(b.page, '.visit-summary__cell[lang="ti"] :is(h2, h3, p)');
    expect(summary.reduce((sum, s) => sum + s.script, 0)).toBeGreaterThan(20);
    expect(boxed(summary)).toEqual([]);
    await b.goOnline();
  });

  it('draws every icon on the home, offer, entitlement and report pages', async () => {
    const icons = () =>
      b.page.$$eval('main svg, header svg', (svgs: SVGSVGElement[]) =>
        svgs
          .filter((svg) => svg.getClientRects().length > 0)
          .map((svg) => {
            const box = (svg.querySelector('use') ?? svg).getBBox();
            return { html: svg.outerHTML.slice(0, 80), drawn: box.width > 0 && box.height > 0 };
          }),
      );
    const emoji = () =>
      b.page.evaluate(() =>
        (document.querySelector('main')?.innerText.match(/\p{Extended_Pictographic}/gu) ?? []).join(' '),
      );
    for (const path of ['/?lang=en', '/offer', '/offer/council_tax', '/report']) {
      await b.page.goto(`${server.url}${path}`);
      await b.page.locator('main h1').waitFor();
      await b.page.waitForLoadState('networkidle');
      const seen = await icons();
      expect(seen.length, path).toBeGreaterThan(path === '/report' ? 5 : 2);
      expect(
        seen.filter((i) => !i.drawn),
        path,
      ).toEqual([]);
      expect(await emoji(), path).toBe('');
    }
    // this phone has no voice for any language: read aloud says to ask the PA, rather than vanishing
    await b.page.goto(`${server.url}/offer/council_tax?lang=ti`);
    await b.page.getByTestId('offer-easy-read').waitFor();
    expect(await b.page.getByTestId('read-aloud-ask-pa').innerText()).toContain('PA');
  });
});
