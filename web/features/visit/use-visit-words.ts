/**
 * Words for visit mode in two languages at once: the young person's and English. UI strings come from
 * vue-i18n with an explicit locale (both languages' messages are loaded), content from the shared
 * loader in app/content.ts (`loadPackFacts`, `loadContentText`): no second loader, nothing fetched
 * from the API. Each piece of text says which language it is really in, so a missing translation
 * shown in English is marked `lang="en"`.
 */
import { computed, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ContentText } from '#contract/content';
import { findLocale, formatDateFor } from '../../../locales/index';
import { loadContentText, loadPackFacts, type LoadedText, type PackFacts } from '../../app/content';
import { useNewestLoad } from '../../app/content-loaders';
import { loadLocaleMessages } from '../../app/i18n';
import type { Said, SummaryWords } from './visit-summary';

export interface Bi {
  yp: Said;
  /** English beside it, or null when it is not shown (English visit, or side by side turned off). */
  en: Said | null;
}

export function useVisitWords(lang: Ref<string>, sideBySide: Ref<boolean>) {
  const { t, te } = useI18n({ useScope: 'global' });
  const facts = shallowRef<PackFacts>();
  const ypText = shallowRef<LoadedText>();
  const enText = shallowRef<LoadedText>();
  const { state, load } = useNewestLoad(
    [lang],
    () =>
      Promise.all([
        loadPackFacts(),
        loadContentText(lang.value),
        loadContentText('en'),
        loadLocaleMessages(lang.value),
        loadLocaleMessages('en'),
      ]),
    ([f, yp, en]) => {
      facts.value = f;
      ypText.value = yp;
      enText.value = en;
    },
    { failed: 'Visit content failed to load', nothingShown: () => !ypText.value },
  );

  const showEnglish = computed(() => sideBySide.value && lang.value !== 'en');
  const info = computed(() => findLocale(lang.value) ?? findLocale('en')!);

  /** A UI string in `locale` (English where that language has no such string yet). */
  function say(key: string, values: Record<string, string | number> = {}, locale = lang.value): Said {
    return { text: t(key, values, { locale }), lang: te(key, locale) ? locale : 'en' };
  }

  function contentSaid(pick: (text: ContentText) => string | undefined, locale: string): Said {
    const loaded = locale === 'en' ? enText.value : ypText.value;
    const own = loaded ? pick(loaded.text) : undefined;
    if (own && loaded) return { text: own, lang: loaded.locale };
    return { text: (enText.value && pick(enText.value.text)) ?? '', lang: 'en' };
  }

  const bi = (key: string, values: Record<string, string | number> = {}): Bi => ({
    yp: say(key, values),
    en: showEnglish.value ? say(key, values, 'en') : null,
  });
  const biContent = (pick: (text: ContentText) => string | undefined): Bi => ({
    yp: contentSaid(pick, lang.value),
    en: showEnglish.value ? contentSaid(pick, 'en') : null,
  });

  // the app-wide formatter: Gregorian calendar, numbers where the browser has no month names
  const formatDate = (iso: string, locale: string) =>
    formatDateFor(locale, `${iso}T00:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' });
  const formatDay = (ms: number, locale: string) => formatDateFor(locale, ms);

  /** Everything the summary says, in `locale` (the young person's language or English). */
  function summaryWords(locale: string): SummaryWords {
    const dir = findLocale(locale)?.dir ?? 'ltr';
    const loaded = locale === 'en' ? enText.value : ypText.value;
    const draft = locale !== 'en' && (loaded?.fallback || loaded?.text.status === 'draft');
    return {
      ...(draft ? { draftNotice: contentSaid((x) => x.draftNotice, locale) } : {}),
      lang: locale,
      dir,
      t: (key, values) => say(key, values, locale),
      title: (id) => contentSaid((x) => x.entitlements[id]?.title, locale),
      contactName: (id) => contentSaid((x) => x.contacts[id]?.name, locale),
      askPa: contentSaid((x) => x.askPa, locale),
      formatDate: (iso) => formatDate(iso, locale),
      formatDay: (ms) => formatDay(ms, locale),
    };
  }

  /** The young person's language has no content text yet: English is shown instead. */
  const contentFallback = computed(() => ypText.value?.fallback === true);

  return {
    facts,
    ypText,
    enText,
    state,
    retry: load,
    info,
    showEnglish,
    say,
    bi,
    biContent,
    contentSaid,
    summaryWords,
    formatDate,
    formatDay,
    contentFallback,
  };
}

export type VisitWords = ReturnType<typeof useVisitWords>;
