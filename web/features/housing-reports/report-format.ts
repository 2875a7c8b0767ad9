/** Dates and ages in the UI language (Intl, no library). English is British English (day before month). */
import { formatDateFor, intlLocale } from '../../../locales/index';

export function formatDate(value: string | number | Date, locale: string): string {
  return formatDateFor(locale, value, { dateStyle: 'medium' });
}

export function formatDateTime(value: string | number | Date, locale: string): string {
  return formatDateFor(locale, value, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3 days ago", "in 2 hours", "now" … */
export function formatAge(from: number, locale: string, now = Date.now()): string {
  const seconds = Math.round((from - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}
