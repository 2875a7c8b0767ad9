/**
 * Whether each language's words have been checked by a translator (`reviewed`) or are a `draft` written
 * by the team. The status lives in the content pack (content/kent/pack.json `translation`), and covers the
 * UI strings and the content of that language together. A draft language shows a short notice on every
 * page (ui/TheTranslationNotice.vue).
 */
import { shallowRef } from 'vue';
import { translation } from '#content/kent/pack.json';

export type TranslationStatus = 'draft' | 'reviewed';

const statuses: Record<string, string | undefined> = translation;

/** `reviewed` or `draft`; a language the pack does not list counts as `draft`. */
export function translationStatus(code: string): TranslationStatus {
  return statuses[code] === 'reviewed' ? 'reviewed' : 'draft';
}

/**
 * The status of the words of the page on screen, when the page shows one item (an entitlement): a
 * translator reviews item by item, so a reviewed item drops the language's draft notice on its page.
 * Null on every other page.
 */
export const pageItemStatus = shallowRef<TranslationStatus | null>(null);
