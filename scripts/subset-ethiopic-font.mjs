// Tigrinya needs Ethiopic script. This makes the small webfont the app ships for it (issue 5):
// Noto Sans Ethiopic (variable, from @fontsource-variable/noto-sans-ethiopic, pinned) cut down to the
// Ethiopic characters that locales/ti.json and content/kent/text/ti.json use, plus Ethiopic punctuation,
// and to the weights the app uses (400–700).
//
//   node scripts/subset-ethiopic-font.mjs          (re-run after changing either ti.json)
//
// Writes web/ui/fonts/noto-sans-ethiopic-subset.woff2 (loaded only when `ti` is chosen, see
// web/app/locale-font.ts) and noto-sans-ethiopic-subset.json (its characters; `npm run i18n:check`
// fails when ti text uses an Ethiopic character the font lacks). Latin letters and digits come from
// the phone's own font, so they are left out.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import subsetFont from 'subset-font';

const root = new URL('..', import.meta.url).pathname;
const pkg = join(root, 'node_modules/@fontsource-variable/noto-sans-ethiopic');
const source = join(pkg, 'files/noto-sans-ethiopic-ethiopic-wght-normal.woff2');
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

/** Every Ethiopic character (U+1200–139F, U+2D80–2DDF, U+AB00–AB2F) in the given files. */
export function ethiopicCharacters(texts) {
  const set = new Set();
  for (const text of texts) for (const ch of text.matchAll(/[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/gu)) set.add(ch[0]);
  return set;
}

const punctuation = '\u1360\u1361\u1362\u1363\u1364\u1365\u1366\u1367\u1368'; // ፠ ፡ ። ፣ ፤ ፥ ፦ ፧ ፨
const chars = ethiopicCharacters([
  readFileSync(join(root, 'locales/ti.json'), 'utf8'),
  readFileSync(join(root, 'content/kent/text/ti.json'), 'utf8'),
  punctuation,
]);
const text = [...chars].sort().join('');
const font = await subsetFont(readFileSync(source), text, {
  targetFormat: 'woff2',
  variationAxes: { wght: { min: 400, max: 700, default: 400 } },
});
const out = join(root, 'web/ui/fonts/noto-sans-ethiopic-subset.woff2');
writeFileSync(out, font);
writeFileSync(
  join(root, 'web/ui/fonts/noto-sans-ethiopic-subset.json'),
  `${JSON.stringify({ source: `@fontsource-variable/noto-sans-ethiopic@${version} (SIL Open Font License 1.1)`, weights: '400-700', characters: text }, null, 2)}\n`,
);
console.log(`${out}: ${chars.size} Ethiopic characters, ${(font.length / 1024).toFixed(1)} KB`);
