import { describe, expect, it } from 'vitest';
import { unzipMessages, zipMessages } from '#locales/zip-messages';

describe('messages zipped for the phone', () => {
  const en = { home: { title: 'Home', tiles: ['Offer', 'Help'] }, only_en: 'English only' };
  const ar = { home: { title: 'الرئيسية', tiles: ['العرض', 'مساعدة'] }, only_ar: 'عربي' };

  it('shares one shape and gives each file back as it was', () => {
    const { shape, values } = zipMessages([en, ar]);
    expect(values[0]).toHaveLength(values[1]!.length);
    expect(unzipMessages(shape, values[0]!)).toEqual(en);
    expect(unzipMessages(shape, values[1]!)).toEqual(ar);
    // keys appear once, in the shape; the strings of a file, once, in its list
    expect(JSON.stringify(values[1])).not.toContain('title');
  });

  it('leaves out what a language does not have, so vue-i18n falls back to English for it', () => {
    const { shape, values } = zipMessages([en, { home: { title: 'Kreu' } }]);
    expect(unzipMessages(shape, values[1]!)).toEqual({ home: { title: 'Kreu' } });
  });

  it('refuses anything but strings (a number would come back as text)', () => {
    expect(() => zipMessages([{ n: 3 }])).toThrow(/Only strings/);
  });
});
