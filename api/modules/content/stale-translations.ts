/**
 * A translation is reviewed against the English of its time. When a version changes an entitlement's or
 * a response template's English and not its translation, that translation was reviewed against words that are gone: publishing
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
  type Section = 'entitlements' | 'responseTemplates';
  const text = (pack: PackDocument, locale: string, section: Section) =>
    (pack.text as Record<string, Partial<Record<Section, Record<string, Words>>> | undefined>)[locale]?.[section];
  const sections: [Section, string[]][] = [
    ['entitlements', draft.entitlements.map((e) => e.id)],
    ['responseTemplates', (draft.responseTemplates ?? []).map((t) => t.id)],
  ];
  const stale: [string, Section, string][] = [];
  for (const [section, ids] of sections) {
    for (const id of ids) {
      const before = text(published, 'en', section)?.[id];
      if (!before || sameValue(withoutStatus(before), withoutStatus(text(draft, 'en', section)?.[id]))) continue;
      for (const locale of Object.keys(draft.text)) {
        if (locale === 'en') continue;
        const words = text(draft, locale, section)?.[id];
        if (words?.status === 'reviewed' && sameValue(words, text(published, locale, section)?.[id]))
          stale.push([locale, section, id]);
      }
    }
  }
  if (!stale.length) return { pack: draft, reopened: [] };
  const pack = structuredClone(draft);
  for (const [locale, section, id] of stale)
    Object.assign(text(pack, locale, section)![id]!, { status: 'draft', needsUpdate: true });
  return { pack, reopened: stale.map(([locale, section, id]) => `text.${locale}.${section}.${id}`) };
}
