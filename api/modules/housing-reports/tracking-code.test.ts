import { describe, expect, it } from 'vitest';
import { TRACKING_CODE_PATTERN } from '#contract';
import { newTrackingCode, normaliseTrackingCode, TRACKING_CODE_BITS } from './tracking-code';

describe('tracking codes', () => {
  it('carry at least 64 random bits, written KNT-XXXX-XXXX-XXXX-XXXX', () => {
    expect(TRACKING_CODE_BITS).toBeGreaterThanOrEqual(64);
    const code = newTrackingCode();
    expect(code).toMatch(TRACKING_CODE_PATTERN);
    expect(code.replace(/^KNT|-/g, '')).toHaveLength(TRACKING_CODE_BITS / 5);
  });

  it('do not repeat and use every symbol in every position', () => {
    const codes = Array.from({ length: 20_000 }, newTrackingCode);
    expect(new Set(codes).size).toBe(codes.length);
    const chars = codes.map((c) => c.replace(/^KNT|-/g, ''));
    for (let position = 0; position < 16; position++) {
      expect(new Set(chars.map((c) => c[position])).size).toBe(32);
    }
  });

  it.each([
    ['knt-abcd-efgh-jkmn-pqrs', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNT ABCD EFGH JKMN PQRS', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNTABCDEFGHJKMNPQRS', 'KNT-ABCD-EFGH-JKMN-PQRS'],
    ['KNT-O0IL-0000-0000-0000', 'KNT-0011-0000-0000-0000'],
  ])('reads %s as %s', (typed, code) => {
    expect(normaliseTrackingCode(typed)).toBe(code);
  });

  it.each([['KNT-ABCD-EFGH-JKMN'], ['KNT-ABCD-EFGH-JKMN-PQRU'], ['XYZ-ABCD-EFGH-JKMN-PQRS'], [''], ['KNT-' + 'A'.repeat(60)], ["KNT-' OR 1=1"]])(
    'refuses %s',
    (typed) => {
      expect(normaliseTrackingCode(typed)).toBeNull();
    },
  );
});
