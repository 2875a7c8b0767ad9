/**
 * vue-i18n set-up: one JSON per language in locales/, loaded on demand in two chunks: the words of the
 * pages that work offline (precached, so switching language works offline), and `staff` words (sign-in,
 * dashboard, admin, published figures: pages that need the network anyway), loaded only by those pages
 * and left out of the precache, so care leavers' phones do not store them (vite.config.ts, SECTIONS).
 * English is always loaded as the fallback, so a missing key shows English rather than a key.
 * The choice is kept in localStorage and may come from the URL (`?lang=ar`), so a PA can send a link.
 * https://vue-i18n.intlify.dev/guide/advanced/lazy
 */
import { compile, type MessageCompiler } from '@intlify/core-base';
import { createI18n } from 'vue-i18n';
import { markRaw, ref } from 'vue';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, findLocale, type LocaleInfo } from '../../locales/index';
import type en from '../../locales/en.json';
import { keptLoads } from './kept-loads';

export type MessageSchema = typeof en;

const STORAGE_KEY = 'clh.locale';

// `import.meta.glob` keeps each file a separate lazy chunk (never in the first-page bundle).
// the built app's words arrive as a promise (locales/read-words.ts); in development, as the object itself
type Words = { default: Partial<MessageSchema> | Promise<Partial<MessageSchema>> };
const loaders = {
  rest: import.meta.glob<Words>('../../locales/*.json', { query: '?section=rest' }),
  staff: import.meta.glob<Words>('../../locales/*.json', { query: '?section=staff' }),
  questions: import.meta.glob<Words>('../../locales/*.json', { query: '?section=questions' }),
  reports: import.meta.glob<Words>('../../locales/*.json', { query: '?section=reports' }),
};

// Nothing in vue-i18n's message syntax (placeholders, plurals, linked words, modulo) outside these signs.
const PLAIN = /^[^{}@|%]*$/;

/**
 * Most words are plain text: they are their own message, with no parsing. vue-i18n would parse each one the
 * first time a page shows it, and on a slow phone that parsing is a large part of a page's first render.
 * Words with placeholders, plurals or links (and staff words, which arrive compiled) go to vue-i18n's own
 * compiler.
 */
const messageCompiler: MessageCompiler = (message, context) =>
  typeof message === 'string' && PLAIN.test(message) ? () => message : compile(message, context);

export const i18n = createI18n({
  legacy: false,
  messageCompiler,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: {},
  // Partial translations are expected while the languages issue is in progress: no console noise.
  missingWarn: false,
  fallbackWarn: false,
});

/** True until the person has chosen a language (drives the first-open language picker). */
export const needsLanguageChoice = ref(false);

const sectionLoads = keptLoads<boolean>();
/** The words of each language that have arrived so far, section by section. */
const arrived: Record<string, Partial<MessageSchema>> = {};
let switchId = 0;
let wanted: string = DEFAULT_LOCALE;

/** The language being switched to (set at once, before its strings have loaded), for preloading content. */
export const wantedLocale = (): string => wanted;

/** The sections whose pages have opened: from then on a language switch loads their words too. */
const opened = { staff: false, questions: false, reports: false };

/**
 * One section of a language's words, merged into vue-i18n once: a second call while the first is still
 * loading (a staff page's guard preloads the page, then the router loads it) shares the first one's load.
 * A load that failed is tried again next time.
 */
function loadSection(section: keyof typeof loaders, code: string): Promise<boolean> {
  return sectionLoads(`${section} ${code}`, async () => {
    const loader = loaders[section][`../../locales/${code}.json`];
    if (!loader) return false;
    const words = (await (await loader()).default) as Partial<MessageSchema>;
    // Sections hold different top-level keys and may arrive in any order: each one joins what has arrived.
    // A language's words are set as one new plain object, not merged key by key into vue-i18n's reactive
    // store: a merge sets every word through Vue's reactivity, and each lookup then reads through it too,
    // which on a slow phone cost tens of milliseconds per page. Pages still redraw when words arrive.
    arrived[code] = markRaw({ ...arrived[code], ...words });
    i18n.global.setLocaleMessage(code, arrived[code] as MessageSchema);
    return true;
  });
}

/** Loads the words of locales/<code>.json (those of staff pages too, once one has opened); false when that language has no file. */
export async function loadLocaleMessages(code: string): Promise<boolean> {
  const [found] = await Promise.all([
    loadSection('rest', code),
    opened.staff && loadSection('staff', code),
    opened.questions && loadSection('questions', code),
    opened.reports && loadSection('reports', code),
  ]);
  return found;
}

/**
 * A staff page (or the published figures) with its words: the page's chunk and the words of the current
 * language and English load together, and the route resolves once both are there.
 *
 *   { path: '/dashboard', component: withStaffWords(() => import('./DashboardPage.vue')) }
 */
export function withStaffWords<T>(page: () => Promise<T>): () => Promise<T> {
  return withSection('staff', page);
}

/** The eligibility questions and visit mode with their words (the first page does not download them). */
export function withQuestionWords<T>(page: () => Promise<T>): () => Promise<T> {
  return withSection('questions', page);
}

/** The report form and "My reports" with the words of My reports (its tracking, answers and deadlines). */
export function withReportWords<T>(page: () => Promise<T>): () => Promise<T> {
  return withSection('reports', page);
}

function withSection<T>(section: keyof typeof opened, page: () => Promise<T>): () => Promise<T> {
  return () => {
    opened[section] = true;
    // words that fail to load leave English or the keys: the page still opens, and says what went wrong
    const words = Promise.all([loadSection(section, DEFAULT_LOCALE), loadSection(section, wanted)]).catch(
      () => undefined,
    );
    return Promise.all([page(), words]).then(([component]) => component);
  };
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked (private mode): the choice lasts for this visit only
  }
}

function remember(code: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    /* see readStored */
  }
}

export function currentLocaleInfo(): LocaleInfo {
  return findLocale(i18n.global.locale.value) ?? SUPPORTED_LOCALES[0];
}

/**
 * Switches the UI language: loads its strings (and English), sets `<html lang dir>`.
 * An unknown code falls back to English. With `remember`, the choice survives a restart.
 */
export async function setLocale(code: string, options: { remember?: boolean } = {}): Promise<LocaleInfo> {
  const info = findLocale(code) ?? SUPPORTED_LOCALES[0];
  const id = ++switchId;
  wanted = info.code;
  await Promise.all([loadLocaleMessages(DEFAULT_LOCALE), loadLocaleMessages(info.code)]);
  if (id === switchId) {
    // the last call wins when several switches overlap
    i18n.global.locale.value = info.code;
    document.documentElement.lang = info.code;
    document.documentElement.dir = info.dir;
  }
  if (options.remember) {
    remember(info.code);
    needsLanguageChoice.value = false;
  }
  return info;
}

/** The `lang` query parameter of a URL search string, if any. */
export function localeFromSearch(search: string): string | null {
  return new URLSearchParams(search).get('lang');
}

/**
 * Picks the starting language: `?lang=` (remembered), then the stored choice, then English with the
 * first-open picker shown.
 */
export async function initLocale(search: string = location.search): Promise<LocaleInfo> {
  const fromUrl = findLocale(localeFromSearch(search));
  if (fromUrl) return setLocale(fromUrl.code, { remember: true });
  const stored = findLocale(readStored());
  needsLanguageChoice.value = !stored;
  return setLocale(stored?.code ?? DEFAULT_LOCALE);
}
