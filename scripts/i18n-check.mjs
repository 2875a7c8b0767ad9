// Placeholder replaced by the languages issue (#5): for now, every key of en.json must exist in ar.json.
import { readFileSync } from 'node:fs';

const load = (code) => JSON.parse(readFileSync(new URL(`../locales/${code}.json`, import.meta.url), 'utf8'));
const keys = (obj, prefix = '') =>
  Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

const en = new Set(keys(load('en')));
const missing = [...en].filter((k) => !new Set(keys(load('ar'))).has(k));
if (missing.length) {
  console.error(`ar.json is missing ${missing.length} keys:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`i18n: ${en.size} keys, all present in ar`);
