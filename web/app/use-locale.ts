import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { SUPPORTED_LOCALES, findLocale, formatDateFor, intlLocale } from '../../locales/index';
import { needsLanguageChoice, setLocale } from './i18n';

// one Intl.NumberFormat per language and options, kept (making one costs far more than using it)
const numberFormatters = new Map<string, Intl.NumberFormat>();
function numberFormatter(code: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${code} ${JSON.stringify(options ?? {})}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) numberFormatters.set(key, (formatter = new Intl.NumberFormat(intlLocale(code), options)));
  return formatter;
}

/**
 * The current language for components: its registry entry (code, endonym, dir), a switcher that
 * remembers the choice, and `Intl` formatters for numbers and dates in that language.
 */
export function useLocale() {
  const { locale: code } = useI18n({ useScope: 'global' });
  const locale = computed(() => findLocale(code.value) ?? SUPPORTED_LOCALES[0]);

  const formatNumber = (value: number, options?: Intl.NumberFormatOptions) =>
    numberFormatter(locale.value.code, options).format(value);
  const formatDate = (value: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }) =>
    formatDateFor(locale.value.code, value, options);

  return {
    locale,
    locales: SUPPORTED_LOCALES,
    needsLanguageChoice,
    setLocale: (next: string) => setLocale(next, { remember: true }),
    formatNumber,
    formatDate,
  };
}
