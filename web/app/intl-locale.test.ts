// Dates for every UI language use the Gregorian calendar (UK letters and deadlines do), and British
// English puts the day first (numbers and dates formatted with Intl for the locale).
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES, formatDateFor, intlLocale } from '../../locales/index';

const APRIL_FOOLS = new Date('2024-04-01T12:00:00Z');

describe('intlLocale', () => {
  it.each(SUPPORTED_LOCALES.map((l) => l.code))('%s: 1 April 2024 is in 2024, not 1403 (Solar Hijri)', (code) => {
    // read the year with Latin digits (the app itself keeps each language's own digits)
    const text = new Intl.DateTimeFormat(`${intlLocale(code)}-nu-latn`, { dateStyle: 'long', timeZone: 'UTC' }).format(
      APRIL_FOOLS,
    );
    expect(text).toContain('2024');
    expect(text).not.toContain('1403');
  });

  it('English is British: day before month', () => {
    expect(new Intl.DateTimeFormat(intlLocale('en'), { dateStyle: 'long', timeZone: 'UTC' }).format(APRIL_FOOLS)).toBe(
      '1 April 2024',
    );
  });

  it('without it, Dari would show the Solar Hijri year (the reason it exists)', () => {
    expect(
      new Intl.DateTimeFormat('fa-AF-u-nu-latn', { dateStyle: 'long', timeZone: 'UTC' }).format(APRIL_FOOLS),
    ).toContain('1403');
  });
});

describe('formatDateFor', () => {
  it('writes words where the browser has them, and never English month names where it has not', () => {
    expect(formatDateFor('en', APRIL_FOOLS, { dateStyle: 'long', timeZone: 'UTC' })).toBe('1 April 2024');
    for (const { code } of SUPPORTED_LOCALES) {
      const text = formatDateFor(code, APRIL_FOOLS, { dateStyle: 'long', timeZone: 'UTC' });
      if (code !== 'en') expect(text).not.toMatch(/April/);
      if (Intl.DateTimeFormat.supportedLocalesOf([code]).length === 0) expect(text).toBe('1/4/2024');
    }
  });
});
