// Which UI strings each language still lacks, and a way to fill them in passes.
//
//   node scripts/i18n-missing.mjs               counts per locale, then each missing key with its English text
//   node scripts/i18n-missing.mjs ti --keys     only the missing keys of ti, as `[prefix]` / `leaf = English` lines
//   node scripts/i18n-missing.mjs --merge ti file.txt
//       merges translations into locales/ti.json: `file.txt` holds `[section.prefix]` lines and
//       `leaf = text` lines (or `full.key = text` before any prefix). The result keeps en.json's
//       nesting and key order; keys en.json no longer has are dropped (and listed).
//
// Exits 1 when a locale misses keys (without --merge), so it can gate a script too.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const registry = [...readFileSync(join(root, 'locales/index.ts'), 'utf8').matchAll(/code: '([^']+)'/g)].map(
  (m) => m[1],
);

const flatten = (obj, prefix = '') =>
  Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );

/** Rebuilds nested JSON from flat `key → text`, in the order (and nesting) of `shape`. */
function inShapeOf(shape, flat, prefix = '') {
  const out = {};
  for (const [k, v] of Object.entries(shape)) {
    const key = `${prefix}${k}`;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const child = inShapeOf(v, flat, `${key}.`);
      if (Object.keys(child).length) out[k] = child;
    } else if (flat.has(key)) {
      out[k] = flat.get(key);
    }
  }
  return out;
}

function readLocale(code) {
  try {
    return new Map(flatten(readJson(`locales/${code}.json`)));
  } catch {
    return new Map();
  }
}

/** `[prefix]` + `leaf = text` lines → Map of full keys. */
function parseLines(text) {
  const out = new Map();
  let prefix = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[([a-z0-9_.]*)\]$/i.exec(line);
    if (section) {
      prefix = section[1] ? `${section[1]}.` : '';
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`not "key = text": ${line}`);
    out.set(`${prefix}${line.slice(0, eq).trim()}`, line.slice(eq + 1).trim());
  }
  return out;
}

const enJson = readJson('locales/en.json');
const en = new Map(flatten(enJson));
const args = process.argv.slice(2);

if (args[0] === '--merge') {
  const [, code, file] = args;
  if (!code || !file || !registry.includes(code) || code === 'en') {
    console.error('usage: node scripts/i18n-missing.mjs --merge <locale> <file>');
    process.exit(2);
  }
  const current = readLocale(code);
  const incoming = parseLines(readFileSync(file, 'utf8'));
  const unknown = [...incoming.keys()].filter((k) => !en.has(k));
  for (const [k, v] of incoming) if (en.has(k)) current.set(k, v);
  const dropped = [...current.keys()].filter((k) => !en.has(k));
  writeFileSync(join(root, `locales/${code}.json`), `${JSON.stringify(inShapeOf(enJson, current), null, 2)}\n`);
  const missing = [...en.keys()].filter((k) => !current.get(k));
  console.log(`locales/${code}.json: merged ${incoming.size - unknown.length}, still missing ${missing.length}`);
  if (unknown.length) console.log(`  not in en.json (ignored): ${unknown.join(', ')}`);
  if (dropped.length) console.log(`  dropped (gone from en.json): ${dropped.join(', ')}`);
  process.exit(0);
}

const keysOnly = args.includes('--keys');
const wanted = args.filter((a) => !a.startsWith('--'));
const codes = (wanted.length ? wanted : registry).filter((c) => c !== 'en');
let total = 0;
for (const code of codes) {
  const have = readLocale(code);
  const missing = [...en.keys()].filter((k) => !have.get(k));
  total += missing.length;
  if (!keysOnly) console.log(`${code}: ${missing.length} of ${en.size} keys missing`);
  let prefix = null;
  for (const key of missing) {
    const dot = key.lastIndexOf('.');
    const p = key.slice(0, dot);
    if (p !== prefix) console.log(`[${(prefix = p)}]`);
    console.log(`${key.slice(dot + 1)} = ${en.get(key)}`);
  }
}
process.exit(total ? 1 : 0);
