// The fonts the app ships, cut down to the characters it shows (Noto fonts, SIL Open Font License 1.1, from
// npm packages pinned in package.json):
// - web/ui/fonts/noto-sans-ethiopic-subset.woff2: Noto Sans Ethiopic (variable, weights 400–700) with the
//   Ethiopic characters that locales/ti.json and content/kent/text/ti.json use, plus Ethiopic punctuation.
//   Tigrinya's text font; precached, so an offline Tigrinya visit works after one visit in any language.
//   noto-sans-ethiopic-subset.json lists its characters (`npm run i18n:check` fails when a ti text uses
//   one the font lacks).
// - web/ui/fonts/endonyms.css: the language names (endonyms) of the pickers in Ethiopic and Arabic
//   script, as two tiny fonts inlined in the CSS, so that every language's name shows from the first
//   paint on a phone with no font for its script.
// Latin letters and digits come from the phone's own font, so they are left out.
//
//   node scripts/subset-fonts.mjs          (re-run after changing ti.json or an endonym)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import subsetFont from 'subset-font';

const root = new URL('..', import.meta.url).pathname;
const fonts = join(root, 'web/ui/fonts');
const pkgVersion = (pkg) =>
  `${pkg}@${JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version}`;
const ETHIOPIC = /[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/gu;
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\u200C\u200D]/gu;
const chars = (texts, script) =>
  [...new Set(texts.flatMap((text) => [...text.matchAll(script)].map((m) => m[0])))].sort().join('');

const ethiopicPkg = '@fontsource-variable/noto-sans-ethiopic';
const ethiopicSource = readFileSync(
  join(root, 'node_modules', ethiopicPkg, 'files/noto-sans-ethiopic-ethiopic-wght-normal.woff2'),
);
const arabicPkg = '@fontsource/noto-naskh-arabic';
const arabicSource = readFileSync(
  join(root, 'node_modules', arabicPkg, 'files/noto-naskh-arabic-arabic-400-normal.woff2'),
);
const weights = { variationAxes: { wght: { min: 400, max: 700, default: 400 } } };

// 1. Tigrinya's text font
const punctuation = '\u1360\u1361\u1362\u1363\u1364\u1365\u1366\u1367\u1368'; // ፠ ፡ ። ፣ ፤ ፥ ፦ ፧ ፨
const tigrinya = chars([read('locales/ti.json'), read('content/kent/text/ti.json'), punctuation], ETHIOPIC);
const text = await subsetFont(ethiopicSource, tigrinya, { targetFormat: 'woff2', ...weights });
writeFileSync(join(fonts, 'noto-sans-ethiopic-subset.woff2'), text);
writeFileSync(
  join(fonts, 'noto-sans-ethiopic-subset.json'),
  `${JSON.stringify({ source: `${pkgVersion(ethiopicPkg)} (SIL Open Font License 1.1)`, weights: '400-700', characters: tigrinya }, null, 2)}\n`,
);
console.log(`Ethiopic text font: ${[...tigrinya].length} characters, ${(text.length / 1024).toFixed(1)} KB`);

// 2. the endonyms, in locales/index.ts
const endonyms = [...read('locales/index.ts').matchAll(/endonym: '([^']+)'/g)].map((m) => m[1]);
const faces = [];
for (const [name, source, script, range, options] of [
  ['Ethiopic', ethiopicSource, ETHIOPIC, 'U+1200-139F, U+2D80-2DDF, U+AB00-AB2F', weights],
  ['Arabic', arabicSource, ARABIC, 'U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200D', {}],
]) {
  const used = chars(endonyms, script);
  const font = await subsetFont(source, used, { targetFormat: 'woff2', ...options });
  faces.push(
    `/* ${name}: ${used} */\n@font-face {\n  font-family: 'Endonyms';\n  src: url(data:font/woff2;base64,${font.toString('base64')}) format('woff2');\n` +
      `  unicode-range: ${range};\n  font-display: block;\n}`,
  );
  console.log(`${name} endonyms: ${[...used].length} characters, ${font.length} bytes`);
}
writeFileSync(
  join(fonts, 'endonyms.css'),
  `/* Made by scripts/subset-fonts.mjs from ${pkgVersion(ethiopicPkg)} and ${pkgVersion(arabicPkg)} (SIL Open Font\n   License 1.1): only the glyphs of the language names, so each shows from the first paint. */\n${faces.join('\n')}\n`,
);

function read(path) {
  return readFileSync(join(root, path), 'utf8');
}
