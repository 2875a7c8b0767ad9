import { describe, expect, it } from 'vitest';
import { formatAge, type AgeUnit } from './report-format';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const ours = (unit: AgeUnit, n: number) => `${unit}:${n}`;
const noIntlWords = () => false;

describe('formatAge', () => {
  it('uses Intl where the browser has the words', () => {
    expect(formatAge(NOW - 3 * 86_400_000, 'en', ours, NOW)).toBe('3 days ago');
    expect(formatAge(NOW - 2 * 3_600_000, 'en', ours, NOW)).toBe('2 hours ago');
  });

  it('uses our words where the browser has none (as Chromium for ti, ckb, ps, sq)', () => {
    expect(formatAge(NOW - 3 * 86_400_000, 'ti', ours, NOW, noIntlWords)).toBe('days:3');
    expect(formatAge(NOW - 90 * 60_000, 'ti', ours, NOW, noIntlWords)).toBe('hours:1');
    expect(formatAge(NOW - 5 * 60_000, 'sq', ours, NOW, noIntlWords)).toBe('minutes:5');
    expect(formatAge(NOW - 20_000, 'ps', ours, NOW, noIntlWords)).toBe('now:0');
  });

  it('says "now" for a moment ahead of the clock, rather than "in 2 hours", with our words', () => {
    expect(formatAge(NOW + 2 * 3_600_000, 'ckb', ours, NOW, noIntlWords)).toBe('now:0');
  });
});
