/**
 * A translation is reviewed against the English of its time. When a version changes an entitlement's
 * English and not its translation, that translation was reviewed against words that are gone: publishing
 * puts it back to `draft` and marks it `needsUpdate`, so it returns to the translators' queues and the
 * phone shows the draft notice for it again, with the new English beside the old translation.
 */
import type { PackDocument } from '#contract';
import { sameValue } from './content-items';

type Words = { status?: string; needsUpdate?: true } & Record<string, unknown>;
const withoutStatus = (words: Words | undefined) => {
  if (!words) return words;
  const { status: _status, needsUpdate: _needsUpdate, ...rest } = words;
  return rest;
};

/** The pack to publish, and the keys of the translations put back to draft. */
export function reopenStaleTranslations(
  published: PackDocument,
  draft: PackDocument,
): { pack: PackDocument; reopened: string[] } {
  const text = (pack: PackDocument, locale: string) =>
    (pack.text as Record<string, { entitlements: Record<string, Words> } | undefined>)[locale]?.entitlements;
  const stale: [string, string][] = [];
  for (const { id } of draft.entitlements) {
    const before = text(published, 'en')?.[id];
    if (!before || sameValue(withoutStatus(before), withoutStatus(text(draft, 'en')?.[id]))) continue;
    for (const locale of Object.keys(draft.text)) {
      if (locale === 'en') continue;
      const words = text(draft, locale)?.[id];
      if (words?.status === 'reviewed' && sameValue(words, text(published, locale)?.[id])) stale.push([locale, id]);
    }
  }
  if (!stale.length) return { pack: draft, reopened: [] };
  const pack = structuredClone(draft);
  for (const [locale, id] of stale) Object.assign(text(pack, locale)![id]!, { status: 'draft', needsUpdate: true });
  return { pack, reopened: stale.map(([locale, id]) => `text.${locale}.entitlements.${id}`) };
}
