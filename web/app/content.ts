/**
 * The content pack on the phone (content/kent/), shared by the local offer, the eligibility check,
 * visit mode, the report form and urgent help.
 *
 * - The facts (entitlements, districts, schemes, contacts, housing policy) are JSON modules loaded on
 *   first use, so they are never in the first page's JavaScript.
 * - The words come from content/kent/text/<locale>.json, one lazy chunk per language: the service
 *   worker precaches every chunk, so switching language works offline. A language the pack does not
 *   have yet falls back to English, and the page says so.
 * - Nothing is validated here (zod stays out of the bundle): tests/content/ checks the pack against
 *   api/contract/content.ts at build time.
 *
 *   const content = useContent();
 *   content.text.value?.entitlements.council_tax.title
 */
import { computed, shallowRef, watch, type ComputedRef, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type {
  ContactList,
  ContentText,
  DistrictPolicyList,
  EntitlementFacts,
  EntitlementFactsList,
  EntitlementText,
  HousingPolicy,
  Locale,
  PackManifest,
  Schemes,
} from '../../api/contract/content';

export interface PackFacts {
  manifest: PackManifest;
  entitlements: EntitlementFactsList;
  districts: DistrictPolicyList;
  schemes: Schemes;
  contacts: ContactList;
  housingPolicy: HousingPolicy;
}

export interface LoadedText {
  text: ContentText;
  /** The language of `text` (English when the wanted one is missing). */
  locale: Locale;
  /** True when the wanted language has no text yet and English is shown instead. */
  fallback: boolean;
}

const FALLBACK: Locale = 'en';

// The JSON is typed by its contract; tests/content/ proves the files match it.
let factsPromise: Promise<PackFacts> | undefined;

/** All the facts of the Kent pack, loaded once (each file is its own small chunk). */
export function loadPackFacts(): Promise<PackFacts> {
  factsPromise ??= Promise.all([
    import('#content/kent/pack.json'),
    import('#content/kent/entitlements.json'),
    import('#content/kent/districts.json'),
    import('#content/kent/schemes.json'),
    import('#content/kent/contacts.json'),
    import('#content/kent/housing-policy.json'),
  ]).then(
    ([manifest, entitlements, districts, schemes, contacts, housingPolicy]) =>
      ({
        manifest: manifest.default,
        entitlements: entitlements.default,
        districts: districts.default,
        schemes: schemes.default,
        contacts: contacts.default,
        housingPolicy: housingPolicy.default,
      }) as unknown as PackFacts,
  );
  // A failed load (a missing chunk after an update, say) may be retried.
  factsPromise.catch(() => (factsPromise = undefined));
  return factsPromise;
}

// Each language's text comes as two chunks, the report section (all the report route loads) and the
// rest, so no word is downloaded or precached twice (CONTENT_SECTIONS in vite.config.ts).
const textLoaders = import.meta.glob<{ default: object }>('../../content/kent/text/*.json', { query: '?section=rest' });
const reportLoaders = import.meta.glob<{ default: object }>('../../content/kent/text/*.json', { query: '?section=report' });
const textCache = new Map<string, Promise<ContentText>>();

/** The locales that have a text file in the pack (English always). */
export const contentLocales = Object.keys(textLoaders).map((path) => path.replace(/^.*\/(.+)\.json$/, '$1'));

function loadTextFile(locale: string): Promise<ContentText> | undefined {
  const path = `../../content/kent/text/${locale}.json`;
  const load = textLoaders[path];
  const loadReport = reportLoaders[path];
  if (!load || !loadReport) return undefined;
  let promise = textCache.get(locale);
  if (!promise) {
    promise = Promise.all([loadReport(), load()]).then(([report, rest]) => ({ ...report.default, ...rest.default }) as ContentText);
    promise.catch(() => textCache.delete(locale));
    textCache.set(locale, promise);
  }
  return promise;
}

/** The pack's words in `locale`, or in English (flagged `fallback`) when that language has none yet. */
export async function loadContentText(locale: string): Promise<LoadedText> {
  const wanted = loadTextFile(locale);
  if (wanted) return { text: await wanted, locale: locale as Locale, fallback: false };
  const english = loadTextFile(FALLBACK);
  if (!english) throw new Error('content/kent/text/en.json is missing');
  return { text: await english, locale: FALLBACK, fallback: true };
}

export interface UseContent {
  facts: ShallowRef<PackFacts | undefined>;
  text: ShallowRef<ContentText | undefined>;
  /** The language of `text`: the chosen one, or English when the pack has no text in it yet. */
  textLocale: ShallowRef<Locale | undefined>;
  fallback: ShallowRef<boolean>;
  state: ShallowRef<'loading' | 'ready' | 'error'>;
  /** Whether the text shown is a draft translation (or English instead of the chosen language). */
  draft: ComputedRef<boolean>;
  retry: () => Promise<void>;
  entitlement: (id: string) => { facts: EntitlementFacts; text: EntitlementText } | undefined;
  districtName: (code: string) => string;
}

/**
 * The pack for components, following the UI language: facts once, words per language.
 * `state` is 'error' when a chunk could not load (offline before the first visit finished).
 */
export function useContent(): UseContent {
  const { locale } = useI18n({ useScope: 'global' });
  const facts = shallowRef<PackFacts>();
  const text = shallowRef<ContentText>();
  const textLocale = shallowRef<Locale>();
  const fallback = shallowRef(false);
  const state = shallowRef<'loading' | 'ready' | 'error'>('loading');
  let requestId = 0;

  async function load() {
    const id = ++requestId;
    const wanted = locale.value;
    if (!text.value) state.value = 'loading';
    try {
      const [loadedFacts, loaded] = await Promise.all([loadPackFacts(), loadContentText(wanted)]);
      if (id !== requestId) return; // a newer language was chosen meanwhile
      facts.value = loadedFacts;
      text.value = loaded.text;
      textLocale.value = loaded.locale;
      fallback.value = loaded.fallback;
      state.value = 'ready';
    } catch (error) {
      console.error('Content pack failed to load', error);
      if (id === requestId) state.value = 'error';
    }
  }

  watch(locale, () => void load(), { immediate: true });

  const draft = computed(() => fallback.value || text.value?.status === 'draft');

  return {
    facts,
    text,
    textLocale,
    fallback,
    state,
    draft,
    retry: load,
    entitlement(id) {
      const f = facts.value?.entitlements.find((e) => e.id === id);
      const words = text.value?.entitlements[id];
      return f && words ? { facts: f, text: words } : undefined;
    },
    districtName(code) {
      return text.value?.districts[code as keyof ContentText['districts']]?.name ?? facts.value?.districts.find((d) => d.code === code)?.name ?? code;
    },
  };
}
