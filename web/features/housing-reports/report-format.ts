/** Dates and ages in the UI language (Intl, no library). English is British English (day before month). */
import { formatDateFor, intlLocale } from '../../../locales/index';

export function formatDate(value: string | number | Date, locale: string): string {
  return formatDateFor(locale, value, { dateStyle: 'medium' });
}

export function formatDateTime(value: string | number | Date, locale: string): string {
  return formatDateFor(locale, value, { dateStyle: 'medium', timeStyle: 'short' });
}

export type AgeUnit = 'days' | 'hours' | 'minutes' | 'now';

/**
 * "3 days ago", "2 hours ago", "just now" … With `Intl` where the browser has the words for the language;
 * otherwise with ours (`words`, from locales/), because Chromium has no relative-time data for Tigrinya,
 * Sorani, Pashto or Albanian and would answer in English.
 */
export function formatAge(
  from: number,
  locale: string,
  words: (unit: AgeUnit, n: number) => string,
  now = Date.now(),
  hasIntlWords = (code: string) => Intl.RelativeTimeFormat.supportedLocalesOf([code]).length > 0,
): string {
  const seconds = Math.round((from - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, Exclude<AgeUnit, 'now'>, number][] = [
    ['day', 'days', 86_400],
    ['hour', 'hours', 3_600],
    ['minute', 'minutes', 60],
  ];
  const intl =
    locale === 'en' || hasIntlWords(locale)
      ? new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' })
      : null;
  for (const [unit, ours, size] of units) {
    if (Math.abs(seconds) < size) continue;
    const n = Math.trunc(seconds / size);
    // our words say "ago" only: the ages shown are of things that happened (a clock ahead says "now")
    if (intl) return intl.format(n, unit);
    return n < 0 ? words(ours, -n) : words('now', 0);
  }
  return intl ? intl.format(0, 'second') : words('now', 0);
}
