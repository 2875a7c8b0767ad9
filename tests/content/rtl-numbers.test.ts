/**
 * In right-to-left languages a phone number's digit groups would be laid out right to left ("91 91 41
 * 03000") unless the number is isolated. Where words are shown as plain text (the pack's content and the
 * UI strings), every UK phone number in ar, ckb, ps and fa-AF sits inside LEFT-TO-RIGHT ISOLATE … POP
 * DIRECTIONAL ISOLATE (U+2066 … U+2069). Numbers put into strings by the app are isolated by web/ui/bidi.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../locales/index';

const RTL_LOCALES = SUPPORTED_LOCALES.filter((l) => l.dir === 'rtl').map((l) => l.code);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A UK number written in groups: 0 then digits, with spaces between the groups. */
const PHONE = /(?<!\d)0\d+(?: \d+)+/g;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe.each(RTL_LOCALES.flatMap((l) => [`content/kent/text/${l}.json`, `locales/${l}.json`]))('%s', (file) => {
  const all = strings(JSON.parse(readFileSync(ROOT + file, 'utf8')));

  it('isolates every phone number left to right', () => {
    const bare = all.flatMap((s) =>
      [...s.matchAll(PHONE)]
        .filter((m) => s[m.index - 1] !== '\u2066' || s[m.index + m[0].length] !== '\u2069')
        .map((m) => `${m[0]} in "${s}"`),
    );
    expect(bare).toEqual([]);
  });

  it('closes every isolate it opens', () => {
    for (const s of all) expect(s.split('\u2066').length, s).toBe(s.split('\u2069').length);
  });
});

it('the check can fail: a bare number is found', () => {
  expect([...'اتصل 03000 41 91 91'.matchAll(PHONE)].map((m) => m[0])).toEqual(['03000 41 91 91']);
});
