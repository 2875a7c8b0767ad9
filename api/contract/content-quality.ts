/**
 * Keeping the content right, the studio's second part: notes from the app ("Something wrong here?"), the
 * content-health page (facts not checked for a while, unverified facts, words not translated or not
 * reviewed, source links that no longer answer), the comparison of any two versions, and who reviewed
 * each translation. Bodies and answers of /api/content/notes, /health and /diff.
 */
import { z } from 'zod';
import { ISODate, Locale } from './content';
import { CONTENT_NOTE_MAX, CONTENT_NOTE_MIN } from './note-limits';

export { CONTENT_NOTE_MAX, CONTENT_NOTE_MIN };

/** Who says something is wrong: told by the sender, never taken from an account. */
export const NoteSender = z.enum(['young_person', 'pa']);
export type NoteSender = z.infer<typeof NoteSender>;

/**
 * POST /api/content/notes (no sign-in, with an Idempotency-Key, through the phone's outbox): a short note
 * about one entitlement's page in one language. Nothing else about the sender is sent or kept.
 */
export const NewContentNote = z.strictObject({
  entitlementId: z
    .string({ error: 'must be text' })
    .max(80, 'is too long')
    .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'is not an entitlement'),
  locale: Locale,
  from: NoteSender,
  note: z
    .string({ error: 'must be text' })
    .trim()
    .min(CONTENT_NOTE_MIN, `must be at least ${CONTENT_NOTE_MIN} characters`)
    .max(CONTENT_NOTE_MAX, `must be at most ${CONTENT_NOTE_MAX} characters`),
  /** the content version the page showed; absent: the app's own build */
  version: z.int().min(1).max(1_000_000_000).optional(),
});
export type NewContentNote = z.infer<typeof NewContentNote>;

/** 201 to POST /api/content/notes. */
export const ContentNoteReceived = z.object({ id: z.string(), receivedAt: z.string() });
export type ContentNoteReceived = z.infer<typeof ContentNoteReceived>;

/** One note in the editors' queue. */
export const ContentNote = z.object({
  id: z.string(),
  entitlementId: z.string(),
  /** the entitlement's English title in the draft (its id when the draft no longer has it) */
  title: z.string(),
  locale: z.string(),
  from: NoteSender,
  note: z.string(),
  version: z.int().nullable(),
  receivedAt: z.string(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
});
export type ContentNote = z.infer<typeof ContentNote>;

/** GET /api/content/notes?state=open|done (editors): newest first, at most 200. */
export const ContentNoteList = z.object({ open: z.int(), notes: z.array(ContentNote) });
export type ContentNoteList = z.infer<typeof ContentNoteList>;

/** PATCH /api/content/notes/{id} (editors): done, or back into the queue. */
export const ContentNotePatch = z.strictObject({ done: z.boolean() });
export type ContentNotePatch = z.infer<typeof ContentNotePatch>;

// ── Content health ────────────────────────────────────────────────────────────────────────────

/** PUT /api/content/health/settings (admins). */
export const ContentHealthSettings = z.strictObject({
  /** a fact whose last check is older than this many months is listed as not checked */
  staleAfterMonths: z.int().min(1).max(60),
});
export type ContentHealthSettings = z.infer<typeof ContentHealthSettings>;

/** The last time the server fetched a source link. */
export const LinkCheck = z.object({
  url: z.string(),
  checkedAt: z.string(),
  ok: z.boolean(),
  /** HTTP status; null: no answer (timeout, refused, no such host) */
  status: z.int().nullable(),
  problem: z.string().nullable(),
});
export type LinkCheck = z.infer<typeof LinkCheck>;

/** A fact of the draft pack: an object with a source and a last-checked date. */
export const HealthFact = z.object({
  /** the item it lives in (`entitlements.pip`, `contacts.kent_duty`, `schemes`) */
  key: z.string(),
  /** where in the item (empty: the item itself; `['councilTax', 'kcc']` in `schemes`) */
  path: z.array(z.string()),
  /** what an editor calls it: the English title or name where there is one */
  label: z.string(),
  sourceTitle: z.string(),
  sourceUrl: z.string(),
  lastChecked: z.string(),
  /** last checked before the period set by the admin */
  stale: z.boolean(),
  /** `verified: false`, or a scheme's `currentVerified: false` */
  unverified: z.boolean(),
  link: LinkCheck.nullable(),
});
export type HealthFact = z.infer<typeof HealthFact>;

/** One language's words that are missing or not reviewed (entitlement ids). */
export const HealthLanguage = z.object({
  locale: z.string(),
  untranslated: z.array(z.string()),
  unreviewed: z.array(z.string()),
});
export type HealthLanguage = z.infer<typeof HealthLanguage>;

/** GET /api/content/health (editors, translators, admins): the draft pack's health. */
export const ContentHealth = z.object({
  basedOn: z.int(),
  staleAfterMonths: z.int(),
  /** facts last checked before this date are stale */
  checkedBefore: ISODate,
  facts: z.array(HealthFact),
  languages: z.array(HealthLanguage),
  openNotes: z.int(),
});
export type ContentHealth = z.infer<typeof ContentHealth>;

/**
 * POST /api/content/health/links (editors): the draft's source links, fetched now by the server; all of
 * them, or only those given (each must be a source of the draft: the server fetches no other address).
 */
export const LinkCheckRequest = z.strictObject({
  urls: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(50)
    .optional(),
});
export type LinkCheckRequest = z.infer<typeof LinkCheckRequest>;
export const LinkCheckResult = z.object({ checked: z.int(), broken: z.int(), links: z.array(LinkCheck) });
export type LinkCheckResult = z.infer<typeof LinkCheckResult>;

/**
 * POST /api/content/health/checked (editors): "checked today". The source URL is typed again (or the one
 * shown is confirmed by sending it back), so nobody marks a fact checked without looking at its source.
 */
export const MarkFactChecked = z.strictObject({
  key: z.string().min(1).max(200),
  path: z.array(z.string().min(1).max(80)).max(6),
  sourceUrl: z.url({ protocol: /^https?$/ }).max(2000),
});
export type MarkFactChecked = z.infer<typeof MarkFactChecked>;

// ── Comparing versions ────────────────────────────────────────────────────────────────────────

/** One item that differs between two versions, field by field. */
export const VersionDiffItem = z.object({
  key: z.string(),
  /** the language of a words item; null for facts, rules and other parts */
  locale: z.string().nullable(),
  kind: z.enum(['added', 'removed', 'changed']),
  changes: z.array(z.object({ path: z.string(), was: z.unknown(), now: z.unknown() })),
});
export type VersionDiffItem = z.infer<typeof VersionDiffItem>;

/** GET /api/content/diff?from={n}&to={m|draft} (staff who edit). */
export const VersionDiff = z.object({
  from: z.int(),
  to: z.union([z.int(), z.literal('draft')]),
  items: z.array(VersionDiffItem),
});
export type VersionDiff = z.infer<typeof VersionDiff>;
