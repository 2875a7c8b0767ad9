// `npm run i18n:check` (part of npm test): UI strings and content texts are complete in every language.
// - every key of locales/en.json is present (and not empty) in every locale; no extra keys
// - no unused keys: each key (or a template-literal prefix of it) appears in web/ source
// - plural messages ("one | many") keep en's number of forms
// - every content item of content/kent/text/en.json has a text in every language of the pack
// - the Tigrinya webfont subset covers every Ethiopic character of the ti texts
// - the term base (content/kent/terms.json): "keep" terms kept, no ruled-out variant, glossary in step
// (`node scripts/i18n-missing.mjs` lists the missing keys per language, and merges translations in.)
// On failure it lists what is missing and exits 1.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkTerms } from '../locales/term-check.mjs';

const root = new URL('..', import.meta.url).pathname;
const read = (path) => readFileSync(join(root, path), 'utf8');
const json = (path) => JSON.parse(read(path));
const problems = [];

const flatten = (obj, prefix = '') =>
  Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );

// 1. UI strings
const registry = [...read('locales/index.ts').matchAll(/code: '([^']+)'/g)].map((m) => m[1]);
const en = new Map(flatten(json('locales/en.json')));
for (const code of registry.filter((c) => c !== 'en')) {
  let messages;
  try {
    messages = new Map(flatten(json(`locales/${code}.json`)));
  } catch (error) {
    problems.push(`locales/${code}.json: cannot be read (${error.message})`);
    continue;
  }
  const missing = [...en.keys()].filter((k) => !messages.has(k) || messages.get(k) === '');
  const extra = [...messages.keys()].filter((k) => !en.has(k));
  if (missing.length)
    problems.push(`locales/${code}.json is missing ${missing.length} keys:\n    ${missing.join('\n    ')}`);
  if (extra.length)
    problems.push(`locales/${code}.json has ${extra.length} keys that en.json does not:\n    ${extra.join('\n    ')}`);
  for (const [key, value] of en) {
    const forms = String(value).split(' | ').length;
    const theirs = messages.get(key);
    if (forms > 1 && typeof theirs === 'string' && theirs.split(' | ').length !== forms) {
      problems.push(`locales/${code}.json: "${key}" needs ${forms} plural forms separated by " | "`);
    }
  }
}

// 2. unused keys: literal use, or a template literal that builds it (`report.category.${id}`)
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? walk(path)
      : /\.(vue|ts)$/.test(name) && !/\.test\.ts$/.test(name)
        ? [path]
        : [];
  });
const source = [...walk(join(root, 'web')), ...walk(join(root, 'api/rules'))]
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const heads = [...source.matchAll(/[`'"]([a-z0-9_]+(?:\.[a-z0-9_]+)*\.)(?:\$\{|['"]\s*\+)/g)].map((m) => m[1]);
const unused = [...en.keys()].filter((key) => {
  const plain = key.replace(/\.(\d+)$/, '');
  return (
    !source.includes(`'${plain}'`) &&
    !source.includes(`"${plain}"`) &&
    !source.includes(`\`${plain}\``) &&
    !heads.some((head) => plain.startsWith(head))
  );
});
if (unused.length)
  problems.push(`locales/en.json has ${unused.length} keys no code uses:\n    ${unused.join('\n    ')}`);

// 3. content texts in every language of the pack
const pack = json('content/kent/pack.json');
// (search synonyms are each language's own words, not translations of English ones)
const contentKeys = (text) =>
  flatten(text)
    .map(([k]) => k)
    .filter((k) => !/\.\d+$/.test(k) && !k.startsWith('searchSynonyms.'));
const enContent = new Set(contentKeys(json('content/kent/text/en.json')));
for (const code of pack.locales.filter((c) => c !== 'en')) {
  let text;
  try {
    text = json(`content/kent/text/${code}.json`);
  } catch (error) {
    problems.push(`content/kent/text/${code}.json: cannot be read (${error.message})`);
    continue;
  }
  const have = new Set(contentKeys(text));
  const missing = [...enContent].filter((k) => !have.has(k));
  if (missing.length)
    problems.push(
      `content/kent/text/${code}.json is missing ${missing.length} texts:\n    ${missing.slice(0, 50).join('\n    ')}`,
    );
}
for (const code of registry) {
  if (!pack.locales.includes(code)) problems.push(`content/kent/pack.json does not list the UI language ${code}`);
}

// 4. the Tigrinya webfont (a subset) has every Ethiopic character the ti texts use
try {
  const font = json('web/ui/fonts/noto-sans-ethiopic-subset.json');
  const used = new Set(
    ['locales/ti.json', 'content/kent/text/ti.json'].flatMap((f) =>
      [...read(f).matchAll(/[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/gu)].map((m) => m[0]),
    ),
  );
  const lacking = [...used].filter((ch) => !font.characters.includes(ch));
  if (lacking.length)
    problems.push(`the Ethiopic font subset lacks ${lacking.join(' ')}: run node scripts/subset-fonts.mjs`);
} catch (error) {
  problems.push(`web/ui/fonts/noto-sans-ethiopic-subset.json: cannot be read (${error.message})`);
}

// 5. the term base
try {
  const codes = pack.locales;
  const byCode = (dir) => Object.fromEntries(codes.map((c) => [c, json(`${dir}/${c}.json`)]));
  const content = byCode('content/kent/text');
  problems.push(
    ...checkTerms(
      json('content/kent/terms.json'),
      { locales: byCode('locales'), content },
      content.en.glossary,
      Object.fromEntries(codes.map((c) => [c, content[c].glossary])),
    ),
  );
} catch (error) {
  problems.push(`the term base could not be checked (${error.message})`);
}

if (problems.length) {
  console.error(`i18n check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`i18n: ${en.size} UI keys and ${enContent.size} content texts complete in ${registry.length} languages`);
