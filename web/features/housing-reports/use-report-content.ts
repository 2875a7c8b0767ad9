/**
 * What the report form, "My reports" and urgent help need from the content pack: the category icons and
 * emergency flags (housing-policy.json), the contacts (contacts.json), and the pack's words in the UI
 * language (content/kent/text/<locale>.json, English when the pack has no text in that language yet).
 * Each file is its own lazy chunk, precached by the service worker, so all of it works offline.
 * Not validated here (zod stays off the phone): tests/content/ checks the pack against its contract.
 */
import { computed, inject, shallowRef, watch, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Contact, ContentText as FullText, HousingPolicy } from '../../../api/contract/content';

/** The report section of a language's pack text (CONTENT_SECTIONS.report in vite.config.ts). */
type ContentText = Pick<FullText, 'locale' | 'status' | 'draftNotice' | 'askPa' | 'urgentHelp' | 'accommodationTypes' | 'categories' | 'contacts' | 'districts'>;

interface ReportFacts {
  /** Loaded only where urgent help is shown (`withContacts`). */
  contacts: Contact[];
  policy: HousingPolicy;
}

let policyPromise: Promise<HousingPolicy> | undefined;
let contactsPromise: Promise<Contact[]> | undefined;

function loadPolicy(): Promise<HousingPolicy> {
  policyPromise ??= import('#content/kent/housing-policy.json').then((m) => m.default as unknown as HousingPolicy);
  policyPromise.catch(() => (policyPromise = undefined));
  return policyPromise;
}

function loadContacts(): Promise<Contact[]> {
  contactsPromise ??= import('#content/kent/contacts.json').then((m) => m.default as Contact[]);
  contactsPromise.catch(() => (contactsPromise = undefined));
  return contactsPromise;
}

// only the report section of each language's text (see CONTENT_SECTIONS in vite.config.ts)
const textLoaders = import.meta.glob<{ default: unknown }>('../../../content/kent/text/*.json', { query: '?section=report' });

async function loadText(locale: string): Promise<{ text: ContentText; fallback: boolean }> {
  const wanted = textLoaders[`../../../content/kent/text/${locale}.json`];
  const english = textLoaders['../../../content/kent/text/en.json'];
  const load = wanted ?? english;
  if (!load) throw new Error('content/kent/text/en.json is missing');
  return { text: (await load()).default as ContentText, fallback: !wanted };
}

export function useReportContent(options: { withContacts?: boolean } = {}) {
  const { locale } = useI18n({ useScope: 'global' });
  const facts = shallowRef<ReportFacts>();
  const text = shallowRef<ContentText>();
  /** The pack has no text in the UI language: English is shown. */
  const fallback = shallowRef(false);
  const state = shallowRef<'loading' | 'ready' | 'error'>('loading');
  let request = 0;

  async function load() {
    const id = ++request;
    try {
      const [policy, contacts, t] = await Promise.all([
        loadPolicy(),
        options.withContacts ? loadContacts() : Promise.resolve([]),
        loadText(locale.value),
      ]);
      if (id !== request) return;
      facts.value = { policy, contacts };
      text.value = t.text;
      fallback.value = t.fallback;
      state.value = 'ready';
    } catch (error) {
      console.error('Content pack failed to load', error);
      if (id === request) state.value = 'error';
    }
  }
  watch(locale, () => void load(), { immediate: true });

  const categories = computed(() =>
    (facts.value?.policy.categories ?? []).map((c) => ({
      id: c.id,
      icon: c.icon,
      emergency: c.emergencyByDefault,
      label: text.value?.categories[c.id]?.label ?? c.id,
      hint: text.value?.categories[c.id]?.hint ?? '',
    })),
  );

  /** Contacts for "get help now", in the pack's order. */
  const urgentContacts = computed(() =>
    (facts.value?.contacts ?? [])
      .filter((c) => c.urgent)
      .sort((a, b) => a.order - b.order)
      .map((c) => ({ ...c, name: text.value?.contacts[c.id]?.name ?? c.id, description: text.value?.contacts[c.id]?.description ?? '' })),
  );

  const categoryLabel = (id: string) => text.value?.categories[id as keyof ContentText['categories']]?.label ?? id;
  const districtName = (code: string) => text.value?.districts[code as keyof ContentText['districts']]?.name ?? code;

  return { facts, text, fallback, state, categories, urgentContacts, categoryLabel, districtName, retry: load };
}

export type ReportContent = ReturnType<typeof useReportContent>;
export const REPORT_CONTENT: InjectionKey<ReportContent> = Symbol('report-content');

/** The content the page provided (one load for all the steps), or a fresh one. */
export function injectReportContent(): ReportContent {
  return inject(REPORT_CONTENT, null) ?? useReportContent();
}
