/**
 * The content pack on the phone (content/kent/), shared by the local offer, the eligibility check,
 * visit mode, the report form and urgent help.
 *
 * - The facts (entitlements, districts, schemes, contacts, housing policy) are JSON modules that come
 *   with this module's chunk, so they are never in the first page's JavaScript; the words come from
 *   content/kent/text/<locale>.json, lazy chunks per language: the service worker precaches every chunk,
 *   so switching language works offline. A language the pack does not have yet falls back to English,
 *   and the page says so. The loading itself is web/app/content-loaders.ts, shared with the report journey.
 * - A page whose route preloads its content (web/app/route-content.ts) mounts with the words already
 *   there: one paint, no "Loading…" first.
 *
 *   const content = useContent();
 *   content.text.value?.entitlements.council_tax.title
 */
import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type {
  ContactList,
  ContentText,
  DistrictPolicyList,
  EntitlementFacts,
  EntitlementFactsList,
  EntitlementText,
  Locale,
  PackManifest,
  Schemes,
} from '#contract/content';
import type { EligibilityRulesInput } from '#contract/eligibility';
import districts from '#content/kent/districts.json';
import rules from '#content/kent/eligibility.json';
import entitlements from '#content/kent/entitlements.json';
import manifest from '#content/kent/pack.json';
import schemes from '#content/kent/schemes.json';
import {
  loadContacts,
  loadHousingPolicy,
  loadText,
  REPORT_SECTION,
  useNewestLoad,
  type LoadState,
  type ReportPolicy,
  type TextSection,
} from './content-loaders';
import { contentOverlay, withOverlayFacts } from './content-overlay';
import { TEXT_LOADERS } from './content-words';

export type { LoadedText } from './content-loaders';

export interface PackFacts {
  manifest: PackManifest;
  entitlements: EntitlementFactsList;
  districts: DistrictPolicyList;
  schemes: Schemes;
  contacts: ContactList;
  /** The rules of "What can I get?" (eligibility.json). */
  rules: EligibilityRulesInput;
  /** Its report categories only (all the web uses). */
  housingPolicy: ReportPolicy;
}

// Static imports: the facts files arrive together with this module's chunk, not a round trip after it
// (tests/content/ proves the files match their contract). The contacts are the urgent-help chunk's, loaded
// beside the housing policy, so the phone stores them once.
const FACTS = {
  manifest: manifest as unknown as PackManifest,
  entitlements: entitlements as unknown as EntitlementFactsList,
  districts: districts as unknown as DistrictPolicyList,
  schemes: schemes as unknown as Schemes,
  rules: rules as unknown as EligibilityRulesInput,
};

let factsPromise: Promise<PackFacts> | undefined;
let overlaid: { overlay: unknown; facts: PackFacts } | undefined;

/**
 * All the facts of the Kent pack, with any newer published facts the phone keeps laid over them (the same
 * object every time until a newer version arrives).
 */
export function loadPackFacts(): Promise<PackFacts> {
  factsPromise ??= Promise.all([loadHousingPolicy(), loadContacts()]).then(([housingPolicy, contacts]) => ({
    ...FACTS,
    contacts,
    housingPolicy,
  }));
  return factsPromise.then((built) => {
    const overlay = contentOverlay.value;
    if (overlaid?.overlay !== overlay) overlaid = { overlay, facts: withOverlayFacts(built, overlay) };
    return overlaid.facts;
  });
}

/** Everything of a language's words that the report section leaves out. */
const REST_SECTION: TextSection = { name: 'rest', loaders: TEXT_LOADERS.rest };

/** The locales that have words in the pack (English always). */
export const contentLocales = Object.keys(REST_SECTION.loaders).map((path) => path.replace(/^.*\/(.+)\.json$/, '$1'));

/** All of the pack's words in `locale`, or in English (flagged `fallback`) when that language has none yet. */
export const loadContentText = (locale: string) => loadText<ContentText>(locale, [REPORT_SECTION, REST_SECTION]);

/** Starts loading the facts and all the words, for route loaders (web/app/route-content.ts). Never fails. */
export const preloadPackContent = (locale: string): Promise<void> =>
  Promise.all([loadPackFacts(), loadContentText(locale)]).then(
    () => undefined,
    () => undefined,
  );

export interface UseContent {
  facts: ShallowRef<PackFacts | undefined>;
  text: ShallowRef<ContentText | undefined>;
  /** The language of `text`: the chosen one, or English when the pack has no text in it yet. */
  textLocale: ShallowRef<Locale | undefined>;
  fallback: ShallowRef<boolean>;
  state: ShallowRef<LoadState>;
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
  // a newer published version kept on the phone shows at once, on the page already open
  const { state, load } = useNewestLoad(
    [locale, contentOverlay],
    () => Promise.all([loadPackFacts(), loadContentText(locale.value)]),
    ([loadedFacts, loaded]) => {
      facts.value = loadedFacts;
      text.value = loaded.text;
      textLocale.value = loaded.locale;
      fallback.value = loaded.fallback;
    },
    { failed: 'Content pack failed to load', nothingShown: () => !text.value },
  );

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
      return (
        text.value?.districts[code as keyof ContentText['districts']]?.name ??
        facts.value?.districts.find((d) => d.code === code)?.name ??
        code
      );
    },
  };
}
