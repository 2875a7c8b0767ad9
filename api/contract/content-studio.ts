/**
 * The content studio's contract: the pack as one document (what versions hold, what export and import
 * carry) and the bodies of /api/content/*. No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { ContentPack, ContentText, Locale } from './content';
import { EligibilityRules } from './eligibility';

/** The whole pack in one JSON document: the build's files, checked by the build's schemas. */
export const PackDocument = ContentPack.extend({
  eligibility: EligibilityRules,
  text: z.partialRecord(Locale, ContentText),
});
export type PackDocument = z.infer<typeof PackDocument>;

/** GET /api/content/version (public). */
export const ContentVersion = z.object({ version: z.int().min(1), publishedAt: z.string() });
export type ContentVersion = z.infer<typeof ContentVersion>;

/** GET /api/content/versions (staff who edit). */
export const ContentVersionSummary = ContentVersion.extend({
  publishedBy: z.string().nullable(),
  restoredFrom: z.int().nullable(),
  note: z.string().nullable(),
});
export type ContentVersionSummary = z.infer<typeof ContentVersionSummary>;

/** PUT /api/content/items/{key} with `If-Match`: the item's new value; null removes it in the draft. */
export const SaveContentItem = z.strictObject({ value: z.json() });
export type SaveContentItem = z.infer<typeof SaveContentItem>;

/** GET and PUT /api/content/items/{key}: the draft's value (the published one when not in the draft). */
export const ContentItem = z.object({
  key: z.string(),
  value: z.json(),
  /** the value in the current version (null when the item is new) */
  published: z.json(),
  inDraft: z.boolean(),
});
export type ContentItem = z.infer<typeof ContentItem>;

/** GET /api/content/draft: what publishing would change. */
export const ContentDraft = z.object({
  basedOn: z.int(),
  items: z.array(
    z.object({ key: z.string(), removed: z.boolean(), updatedAt: z.string(), updatedBy: z.string().nullable() }),
  ),
});
export type ContentDraft = z.infer<typeof ContentDraft>;

/** POST /api/content/publish and /api/content/versions/{n}/republish. */
export const PublishContent = z.strictObject({ note: z.string().trim().min(1).max(500).optional() });
export type PublishContent = z.infer<typeof PublishContent>;
