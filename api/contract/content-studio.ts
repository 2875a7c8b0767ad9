/**
 * The content studio's contract: the pack as one document (what versions hold, what export and import
 * carry) and the bodies of /api/content/*. No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { ContentPack, ContentText, Locale } from './content';
import { EligibilityRules, Scenario } from './eligibility';
import { TemplateFacts, TemplateId, TemplateText } from './response-templates';

/**
 * The whole pack in one JSON document: the build's files, checked by the build's schemas. The response
 * templates are split as the rest is: their fields in `responseTemplates`, their words in each language's
 * text, so each language is translated and reviewed on its own (that every language's words use exactly the
 * template's fields is checked for publishing: a draft may be half-way through such a change). Versions stored before templates were
 * part of the pack lack them; the server fills them from the shipped file when it reads such a version.
 */
export const PackDocument = ContentPack.extend({
  eligibility: EligibilityRules,
  responseTemplates: z.array(TemplateFacts).optional(),
  text: z.partialRecord(
    Locale,
    ContentText.extend({ responseTemplates: z.record(TemplateId, TemplateText).optional() }),
  ),
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
export const PublishContent = z.strictObject({
  note: z.string().trim().min(1).max(500).optional(),
  /** The editor has seen what changes for whom; needed when some person's outcome changes. */
  confirmOutcomeChanges: z.boolean().optional(),
});
export type PublishContent = z.infer<typeof PublishContent>;

/** A person the editor adds to the scenario table for one look: answers, no expected outcomes. */
export const WhatIfPerson = Scenario.pick({ name: true, answers: true, today: true });
export type WhatIfPerson = z.infer<typeof WhatIfPerson>;

/** POST /api/content/draft/outcome-changes: people to run besides the scenario table (optional). */
export const OutcomeChangesRequest = z.strictObject({ people: z.array(WhatIfPerson).max(50).optional() });
export type OutcomeChangesRequest = z.infer<typeof OutcomeChangesRequest>;

/** Outcomes as the evaluator gives them; null: the entitlement has no result in that pack. */
const OutcomeValue = z.enum(['eligible', 'likely', 'ask_pa', 'not_eligible', 'info']).nullable();

/** One person whose outcome for one entitlement differs between the published pack and the draft. */
export const OutcomeChange = z.object({
  person: z.string(),
  /** true: a person the editor added, not one of the scenario table */
  added: z.boolean(),
  entitlementId: z.string(),
  /** the entitlement's English title in the draft (or the published pack when the draft removes it) */
  title: z.string(),
  from: OutcomeValue,
  to: OutcomeValue,
});
export type OutcomeChange = z.infer<typeof OutcomeChange>;

/** What changes for whom: every outcome that differs, for every person run. */
export const OutcomeChanges = z.object({
  basedOn: z.int(),
  people: z.int(),
  changes: z.array(OutcomeChange),
});
export type OutcomeChanges = z.infer<typeof OutcomeChanges>;

/** One entitlement in the studio's list: its English title, and each language's words and status. */
export const StudioEntitlement = z.object({
  id: z.string(),
  title: z.string(),
  /** the fact (amounts, ages, source) has a change in the draft */
  inDraft: z.boolean(),
  /** its English has a change in the draft: the translations may need the same change */
  englishInDraft: z.boolean(),
  texts: z.record(
    z.string(),
    z.object({
      /** `missing`: the language has no words for it yet */
      status: z.enum(['draft', 'reviewed', 'missing']),
      inDraft: z.boolean(),
      /** who last marked these words reviewed, and when (null: not since the studio began keeping it) */
      reviewedBy: z.string().nullable(),
      reviewedAt: z.string().nullable(),
    }),
  ),
});
export type StudioEntitlement = z.infer<typeof StudioEntitlement>;

/** GET /api/content/entitlements (staff who edit): the list editors and translators work from. */
export const StudioEntitlementList = z.object({
  basedOn: z.int(),
  locales: z.array(z.string()),
  draftItems: z.int(),
  entitlements: z.array(StudioEntitlement),
});
export type StudioEntitlementList = z.infer<typeof StudioEntitlementList>;

/**
 * GET /api/content/versions/{n}/changes?since={m}&locales=en,ar (public): the published items that differ
 * between version m and version n, the words of the languages asked for only. A phone lays them over the
 * pack it was built with (version 1); `value` null: the item is gone in version n.
 */
export const ContentChanges = z.object({
  version: z.int(),
  since: z.int(),
  locales: z.array(z.string()),
  items: z.array(z.object({ key: z.string(), value: z.json() })),
});
export type ContentChanges = z.infer<typeof ContentChanges>;

/** The kinds of item the studio edits in a form (besides an entitlement's words and age limits). */
export const STUDIO_ITEM_KINDS = [
  'contact',
  'urgent_help',
  'glossary',
  'district',
  'schemes',
  'entitlement',
  'template',
] as const;
export const StudioItemKind = z.enum(STUDIO_ITEM_KINDS);
export type StudioItemKind = z.infer<typeof StudioItemKind>;

/** One item an editor may open in a form: its key, its English name, and whether the draft changes it. */
export const StudioItem = z.object({
  key: z.string(),
  kind: StudioItemKind,
  label: z.string(),
  /** the item, or its words in some language, has a change in the draft */
  inDraft: z.boolean(),
  /** a contact shown on the urgent-help screen */
  urgent: z.boolean().optional(),
  /** a template's translation in each language: what a translator has left to do */
  words: z.record(z.string(), z.enum(['reviewed', 'draft', 'needs_update', 'missing'])).optional(),
});
export type StudioItem = z.infer<typeof StudioItem>;

/** GET /api/content/items (staff who edit): contacts, urgent help, glossary, districts, schemes, facts, templates. */
export const StudioItemList = z.object({
  basedOn: z.int(),
  locales: z.array(z.string()),
  items: z.array(StudioItem),
});
export type StudioItemList = z.infer<typeof StudioItemList>;

/** The kinds of item an editor adds and removes in the studio (one of a list; the rest of the pack is fixed). */
export const LIST_ITEM_KINDS = ['contact', 'glossary'] as const;
export const ListItemKind = z.enum(LIST_ITEM_KINDS);
export type ListItemKind = z.infer<typeof ListItemKind>;

/**
 * POST /api/content/items: a new contact (its facts in `value`, its English name and description in `words`)
 * or a new glossary word (`value`: the English term and meaning), kept in the draft. `id` names it for good:
 * snake_case, not used by another item of its kind. Other languages are added by their translators.
 */
export const AddContentItem = z.strictObject({
  kind: ListItemKind,
  id: z.string().max(60),
  value: z.json(),
  words: z.json().optional(),
});
export type AddContentItem = z.infer<typeof AddContentItem>;

/** The answer to adding (201) or removing (200) an item: the item's key and every key the draft changed. */
export const ListItemChange = z.object({ key: z.string(), keys: z.array(z.string()) });
export type ListItemChange = z.infer<typeof ListItemChange>;

/**
 * The answer to removing an item: besides its keys, the value each key held, so that the editor can undo
 * the removal (POST /api/content/items/{key}/restore) with the item exactly as it was.
 */
export const RemovedListItem = ListItemChange.extend({ values: z.record(z.string(), z.json()) });
export type RemovedListItem = z.infer<typeof RemovedListItem>;

/** POST /api/content/items/{key}/restore with `If-Match` (the ETag the removal answered): a removal's values. */
export const RestoreContentItem = z.strictObject({ values: z.record(z.string(), z.json()) });
export type RestoreContentItem = z.infer<typeof RestoreContentItem>;
