/**
 * The studio's list of entitlements, as the draft has them: what an editor picks to change, and what a
 * translator's queue is made of (the words of their languages not yet reviewed).
 */
import type { PackDocument, StudioEntitlement, StudioEntitlementList } from '#contract';
import type { Review } from './reviews';

export function studioEntitlements(
  draft: PackDocument,
  inDraft: ReadonlySet<string>,
  basedOn: number,
  reviews: ReadonlyMap<string, Review> = new Map(),
): StudioEntitlementList {
  const locales = draft.manifest.locales as string[];
  const text = draft.text as Record<string, PackDocument['text']['en']>;
  const entitlements = draft.entitlements.map((e): StudioEntitlement => ({
    id: e.id,
    title: text.en?.entitlements[e.id]?.title ?? e.id,
    inDraft: inDraft.has(`entitlements.${e.id}`),
    englishInDraft: inDraft.has(`text.en.entitlements.${e.id}`),
    texts: Object.fromEntries(
      locales.map((locale) => [
        locale,
        {
          status: text[locale]?.entitlements[e.id]?.status ?? 'missing',
          inDraft: inDraft.has(`text.${locale}.entitlements.${e.id}`),
          reviewedBy: reviews.get(`text.${locale}.entitlements.${e.id}`)?.reviewedBy ?? null,
          reviewedAt: reviews.get(`text.${locale}.entitlements.${e.id}`)?.reviewedAt ?? null,
        },
      ]),
    ),
  }));
  return { basedOn, locales, draftItems: inDraft.size, entitlements };
}
