import { describe, expect, it } from 'vitest';
import {
  formatTrackingCode,
  normaliseTrackingCode,
  TRACKING_ALPHABET,
  TRACKING_CODE_BITS,
  TRACKING_CODE_PATTERN,
} from '#contract';
import { newTrackingCode } from './tracking-code';

/** What the issue checks from outside, written out again here on purpose. */
const OUTSIDE_PATTERN = /^[0-9A-HJKMNP-TV-Z-]{1,14}$/;

describe('tracking codes', () => {
  it('carry at least 50 random bits in at most 12 symbols besides dashes', () => {
    expect(TRACKING_CODE_BITS).toBeGreaterThanOrEqual(50);
    const code = newTrackingCode();
    expect(code).toMatch(TRACKING_CODE_PATTERN);
    expect(code.toUpperCase()).toMatch(OUTSIDE_PATTERN);
    expect(code.replace(/-/g, '')).toHaveLength(12);
    expect(normaliseTrackingCode(code)).toBe(code);
  });

  it('do not repeat and use every symbol in every random position', () => {
    const codes = Array.from({ length: 20_000 }, newTrackingCode);
    expect(new Set(codes).size).toBe(codes.length);
    const symbols = codes.map((c) => c.replace(/-/g, ''));
    for (let position = 0; position < 12; position++) {
      expect(new Set(symbols.map((c) => c[position])).size, `position ${position}`).toBe(32);
    }
  });

  it('read back however they are typed: lower case, spaces, no dashes, O for 0, I or L for 1', () => {
    const code = newTrackingCode();
    const compact = code.replace(/-/g, '');
    expect(normaliseTrackingCode(compact.toLowerCase())).toBe(code);
    expect(normaliseTrackingCode(` ${compact.slice(0, 6)} ${compact.slice(6)} `)).toBe(code);
    const withZeroAndOne = ['0', '1', '0', '1', '0', '1', '0', '1', '0', '1', '0'].join('');
    const valid = normaliseTrackingCode(
      withZeroAndOne + [...TRACKING_ALPHABET].find((c) => normaliseTrackingCode(withZeroAndOne + c))!,
    )!;
    expect(normaliseTrackingCode(valid.replace(/0/g, 'o').replace(/1/g, (_, i: number) => (i % 2 ? 'I' : 'l')))).toBe(
      valid,
    );
  });

  it('catch any one symbol typed wrong, and swapped neighbours that differ', () => {
    for (let n = 0; n < 200; n++) {
      const symbols = newTrackingCode().replace(/-/g, '');
      for (let position = 0; position < 12; position++) {
        for (const other of TRACKING_ALPHABET) {
          if (other === symbols[position]) continue;
          const typo = symbols.slice(0, position) + other + symbols.slice(position + 1);
          expect(normaliseTrackingCode(typo)).toBeNull();
        }
      }
    }
    // Luhn mod 32 misses a swap of two symbols whose values differ by 31 only ('0' and 'Z'), nothing else
    let caught = 0;
    let swaps = 0;
    for (let n = 0; n < 500; n++) {
      const symbols = newTrackingCode().replace(/-/g, '');
      for (let i = 0; i < 11; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        swaps++;
        if (normaliseTrackingCode(symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2)) === null)
          caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.99);
  });

  it.each([
    ['knt-abcd-efgh-jkmn-pqrs', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNT ABCD EFGH JKMN PQRS', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNTABCDEFGHJKMNPQRS', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNT-O0IL-0000-0000-0000', 'KNT-0011-0000-0000-0000'],
  ])('still read the long codes made before: %s as %s', (typed, code) => {
    expect(normaliseTrackingCode(typed)).toBe(code);
  });

  it.each([
    ['KNT-ABCD-EFGH-JKMN'],
    ['KNT-ABCD-EFGH-JKMN-PQRU'],
    ['XYZ-ABCD-EFGH-JKMN-PQRS'],
    [''],
    ['ABCD-EFGH-JKM'],
    ['ABCD-EFGH-JKMNP'],
    ['UUUU-UUUU-UUUU'],
    ['KNT-' + 'A'.repeat(60)],
    ["KNT-' OR 1=1"],
  ])('refuses %s', (typed) => {
    expect(normaliseTrackingCode(typed)).toBeNull();
  });

  it('writes 12 symbols as three groups of four', () => {
    expect(formatTrackingCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN');
  });
});
