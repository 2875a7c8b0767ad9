/**
 * The one loader of the content pack (content/kent/), used by web/app/content.ts (useContent: the local
 * offer, the check, visit mode) and by the report journey (features/housing-reports/use-report-content.ts).
 * It also holds the report section's composable (useReportContent, re-exported by
 * features/housing-reports/use-report-content.ts): the report route then downloads one small chunk for its
 * content, not two (its byte budget is tight).
 *
 * - Each facts file (entitlements, districts, schemes, contacts, housing policy, the manifest) is a small
 *   JSON module: the report categories come with this module, the contacts on first use (`once`), the
 *   rest with web/app/content.ts.
 * - Each language's words come as two chunks, the report section (all the report journey and urgent help
 *   use) and the rest (web/app/content-words.ts knows where they are), so no word is downloaded or
 *   precached twice (SECTIONS in vite.config.ts). A language the pack has no words in yet falls back to
 *   English, flagged `fallback`.
 * - A failed load (offline before the first visit finished, a chunk gone after an update) may be retried.
 * - Nothing is validated here (zod stays out of the bundle): tests/content/ checks the pack against
 *   api/contract/content.ts.
 */
import { computed, inject, shallowRef, watch, type InjectionKey, type WatchSource } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Contact, ContactList, ContentText, HousingPolicy, Locale } from '#contract/content';
import { contentOverlay, withOverlayFacts, withOverlayText } from './content-overlay';
import { TEXT_LOADERS, textPath, type TextLoaders } from './content-words';
import { keptLoads } from './kept-loads';

/** The report section of a language's words (SECTIONS.content.report in vite.config.ts). */
export type ReportText = Pick<
  ContentText,
  | 'locale'
  | 'status'
  | 'draftNotice'
  | 'askPa'
  | 'urgentHelp'
  | 'accommodationTypes'
  | 'categories'
  | 'contacts'
  | 'districts'
>;

export interface LoadedText<T = ContentText> {
  text: T;
  /** The language of `text` (English when the wanted one is missing). */
  locale: Locale;
  /** True when the wanted language has no words yet and English is shown instead. */
  fallback: boolean;
}

const FALLBACK: Locale = 'en';

const kept = keptLoads<unknown>();

/** A chunk of the pack, loaded once (its default export); a load that failed is tried again next time. */
const once = <T>(key: string, load: () => Promise<{ default: unknown }>) =>
  kept(key, () => load().then((m) => m.default)) as Promise<T>;

/** The part of housing-policy.json the web uses: the report categories (the deadlines are the server's). */
export type ReportPolicy = Pick<HousingPolicy, 'categories'>;
// eager: a static import, so it arrives with this module (everything that loads this module shows categories)
const POLICY = import.meta.glob<{ default: ReportPolicy }>('../../content/kent/housing-policy.json', {
  query: '?section=categories',
  eager: true,
});

// The JSON is typed by its contract; tests/content/ proves the files match it. The other facts files are
// web/app/content.ts's (loadPackFacts): the report journey never downloads them.
export const loadHousingPolicy = () => Promise.resolve(Object.values(POLICY)[0]!.default);
export const loadContacts = () => once<ContactList>('contacts', () => import('#content/kent/contacts.json'));

/** One section of every language's words (web/app/content-words.ts). */
export interface TextSection {
  name: string;
  loaders: TextLoaders;
}

/** The report section (the rest is web/app/content.ts's). */
export const REPORT_SECTION: TextSection = { name: 'report', loaders: TEXT_LOADERS.report };

/** These sections of the words in `wanted`, merged, or in English (flagged `fallback`) when that language has none yet. */
export async function loadText<T>(wanted: string, sections: TextSection[]): Promise<LoadedText<T>> {
  const has = (locale: string) => sections.every((s) => textPath(locale) in s.loaders);
  const locale = has(wanted) ? wanted : FALLBACK;
  if (!has(locale)) throw new Error('content/kent/text/en.json is missing');
  const parts = await Promise.all(
    sections.map((s) => once<object>(`${locale}?${s.name}`, s.loaders[textPath(locale)]!)),
  );
  const text = withOverlayText(Object.assign({}, ...parts) as object, locale, contentOverlay.value) as T;
  return { text, locale: locale as Locale, fallback: locale !== wanted };
}

/** Only the report section of the words (the report journey, "My reports", urgent help, the dashboard). */
export const loadReportText = (locale: string) => loadText<ReportText>(locale, [REPORT_SECTION]);

/** Starts loading what the report pages show, for their route (web/app/route-content.ts). Never fails. */
export const preloadReportContent = (locale: string): Promise<void> =>
  Promise.all([loadHousingPolicy(), loadReportText(locale)]).then(
    () => undefined,
    () => undefined,
  );

/** Whether a component's part of the pack can be shown yet. */
export type LoadState = 'loading' | 'ready' | 'error';

/**
 * Loads what a component shows from the pack, at once and again each time one of `when` changes (the UI
 * language, a newer published version kept on the phone). Only the newest load is kept: one still on its way
 * when another language is chosen is dropped. `state` is 'error' when a chunk could not load (offline before
 * the first visit finished), and `load` tries again; with `nothingShown`, a load that finds nothing on the
 * page yet says 'loading' meanwhile.
 */
export function useNewestLoad<T>(
  when: WatchSource<unknown>[],
  fetch: () => Promise<T>,
  keep: (loaded: T) => void,
  how: { failed: string; nothingShown?: () => boolean },
) {
  const state = shallowRef<LoadState>('loading');
  let newest = 0;
  async function load() {
    const id = ++newest;
    if (how.nothingShown?.()) state.value = 'loading';
    try {
      const loaded = await fetch();
      if (id !== newest) return; // a newer load began meanwhile (another language was chosen)
      keep(loaded);
      state.value = 'ready';
    } catch (error) {
      console.error(how.failed, error);
      if (id === newest) state.value = 'error';
    }
  }
  watch(when, () => void load(), { immediate: true });
  return { state, load };
}

// ── The report section for components: the report form, "My reports", urgent help and the dashboard ──
// The category icons and emergency flags (housing-policy.json), the contacts (contacts.json, only where
// urgent help is shown) and the report section of the words in the UI language.

interface ReportFacts {
  /** Loaded only where urgent help is shown (`withContacts`). */
  contacts: Contact[];
  policy: ReportPolicy;
}

export function useReportContent(options: { withContacts?: boolean } = {}) {
  const { locale } = useI18n({ useScope: 'global' });
  const facts = shallowRef<ReportFacts>();
  const text = shallowRef<ReportText>();
  /** The pack has no text in the UI language: English is shown. */
  const fallback = shallowRef(false);
  const { state, load } = useNewestLoad(
    [locale, contentOverlay],
    () =>
      Promise.all([
        loadHousingPolicy(),
        options.withContacts ? loadContacts() : Promise.resolve([]),
        loadReportText(locale.value),
      ]),
    ([policy, contacts, t]) => {
      // a number changed in a newer published version reaches urgent help too
      facts.value = { policy, contacts: withOverlayFacts({ contacts }, contentOverlay.value).contacts };
      text.value = t.text;
      fallback.value = t.fallback;
    },
    { failed: 'Content pack failed to load' },
  );

  const categories = computed(() =>
    (facts.value?.policy.categories ?? []).map((c) => ({
      id: c.id,
      icon: c.icon,
      emergency: c.emergencyByDefault,
      label: text.value?.categories[c.id]?.label ?? c.id,
      hint: text.value?.categories[c.id]?.hint ?? '',
    })),
  );

  const categoryLabel = (id: string) => text.value?.categories[id as keyof ReportText['categories']]?.label ?? id;
  const accommodationLabel = (id: string) =>
    text.value?.accommodationTypes[id as keyof ReportText['accommodationTypes']] ?? id;
  const districtName = (code: string) => text.value?.districts[code as keyof ReportText['districts']]?.name ?? code;

  /** Contacts for "get help now", in the pack's order. A council's own line is named by its council. */
  const urgentContacts = computed(() =>
    (facts.value?.contacts ?? [])
      .filter((c) => c.urgent)
      .sort((a, b) => a.order - b.order)
      .map((c) => ({
        ...c,
        name: c.district ? districtName(c.district) : (text.value?.contacts[c.id]?.name ?? c.id),
        description: text.value?.contacts[c.id]?.description ?? '',
      })),
  );

  return {
    facts,
    text,
    fallback,
    state,
    categories,
    urgentContacts,
    categoryLabel,
    accommodationLabel,
    districtName,
    retry: load,
  };
}

export type ReportContent = ReturnType<typeof useReportContent>;
export const REPORT_CONTENT: InjectionKey<ReportContent> = Symbol('report-content');

/** The content the page provided (one load for all the steps), or a fresh one. */
export function injectReportContent(): ReportContent {
  return inject(REPORT_CONTENT, null) ?? useReportContent();
}
