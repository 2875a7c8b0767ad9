/**
 * The languages the app speaks. `en` is the source of truth (locales/en.json); a language whose JSON
 * file does not exist yet still switches `<html lang dir>` and falls back to English strings.
 * Adding a language: add its entry here, then locales/<code>.json (locales/README.md says what it needs);
 * the API contract takes its codes from this list (api/contract/content-fields.ts, `LOCALES`).
 */
export interface LocaleInfo {
  /** BCP 47 code, also the file name: locales/<code>.json */
  code: string;
  /** The language's name in its own script, shown in the language pickers. */
  endonym: string;
  dir: 'ltr' | 'rtl';
}

export const SUPPORTED_LOCALES = [
  { code: 'en', endonym: 'English', dir: 'ltr' },
  { code: 'ar', endonym: 'العربية', dir: 'rtl' },
  { code: 'ti', endonym: 'ትግርኛ', dir: 'ltr' },
  { code: 'ckb', endonym: 'کوردی (سۆرانی)', dir: 'rtl' },
  { code: 'vi', endonym: 'Tiếng Việt', dir: 'ltr' },
  { code: 'ps', endonym: 'پښتو', dir: 'rtl' },
  { code: 'fa-AF', endonym: 'دری', dir: 'rtl' },
  { code: 'sq', endonym: 'Shqip', dir: 'ltr' },
] as const satisfies readonly LocaleInfo[];

export type LocaleCode = (typeof SUPPORTED_LOCALES)[number]['code'];

export const DEFAULT_LOCALE: LocaleCode = 'en';

/** The registry entry for `code`, matched case-insensitively (`fa-af` → `fa-AF`), or undefined. */
export function findLocale(code: string | null | undefined): LocaleInfo | undefined {
  if (!code) return undefined;
  const wanted = code.trim().toLowerCase();
  return SUPPORTED_LOCALES.find((l) => l.code.toLowerCase() === wanted);
}

/**
 * The locale to give `Intl` for a UI language: British English for `en` (day before month), and the
 * Gregorian calendar for every language, because letters, deadlines and our content use it (Dari and
 * Pashto would otherwise default to the Solar Hijri calendar). Digits stay the language's own.
 */
export function intlLocale(code: string): string {
  return `${code === 'en' ? 'en-GB' : code}-u-ca-gregory`;
}

/**
 * A date (and time) in a UI language, with `Intl`. Where the browser has no date words for the language
 * (Chromium lacks Tigrinya, Sorani, Pashto and Albanian, and would use English month names), it is
 * written in numbers instead, day/month/year, as all these languages do.
 */
export function formatDateFor(
  code: string,
  value: Date | string | number,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'long' },
): string {
  return dateFormatter(code, options).format(new Date(value));
}

// Making an Intl.DateTimeFormat costs far more than using one (a slow phone notices on a page of dates):
// one per language and options, kept.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(code: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${code} ${JSON.stringify(options)}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    if (code === 'en' || Intl.DateTimeFormat.supportedLocalesOf([code]).length > 0) {
      formatter = new Intl.DateTimeFormat(intlLocale(code), options);
    } else {
      const { timeStyle, timeZone } = options;
      formatter = new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        ...(timeStyle ? { hour: '2-digit', minute: '2-digit' } : {}),
        ...(timeZone ? { timeZone } : {}),
      });
    }
    dateFormatters.set(key, formatter);
  }
  return formatter;
}
