import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { SUPPORTED_LOCALES, findLocale, formatDateFor, intlLocale } from '../../locales/index';
import { needsLanguageChoice, setLocale } from './i18n';

/**
 * The current language for components: its registry entry (code, endonym, dir), a switcher that
 * remembers the choice, and `Intl` formatters for numbers and dates in that language.
 */
export function useLocale() {
  const { locale: code } = useI18n({ useScope: 'global' });
  const locale = computed(() => findLocale(code.value) ?? SUPPORTED_LOCALES[0]);

  const formatNumber = (value: number, options?: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(intlLocale(locale.value.code), options).format(value);
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
