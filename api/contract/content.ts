/**
 * The content pack contract: zod schemas and inferred types for `content/<pack>/`.
 * Each schema and its type share a name (`Contact` is both). Data files are checked with strict
 * objects, so a misspelt key (`lastchecked`) fails instead of being dropped silently.
 * No Hono, DB or Vue imports here: the web app and the API both use this file.
 */
import { z } from 'zod';
import {
  Age,
  Amount,
  FactMeta,
  ISODate,
  Icon,
  Locale,
  SnakeId,
  Source,
  TranslationStatus,
  sameSet,
} from './content-fields';
import { CategoryId, HousingPolicy } from './content-housing-policy';
import { DistrictCode, DistrictPolicyList, Schemes } from './content-places';
import { ACCOMMODATION_TYPES } from './report-fields';

export { Amount, ISODate, LOCALES, Locale, Source, TranslationStatus } from './content-fields';
export * from './content-places';
export * from './content-housing-policy';

// ── pack.json ────────────────────────────────────────────────────────────────────────────────

export const THEME_IDS = [
  'money',
  'home_housing',
  'education_work',
  'health_wellbeing',
  'support_relationships',
  'rights_id_immigration',
  'parents',
  'custody',
] as const;
export const ThemeId = z.enum(THEME_IDS);
export type ThemeId = z.infer<typeof ThemeId>;

export const Theme = z.strictObject({ id: ThemeId, icon: Icon });
export type Theme = z.infer<typeof Theme>;

export const PackManifest = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.string().min(1),
    authority: z.string().min(1),
    locales: z.array(Locale).min(1),
    defaultLocale: Locale,
    /** Translation status per shipped language (keys = `locales`). */
    translation: z.partialRecord(Locale, TranslationStatus),
    themes: z.array(Theme).length(THEME_IDS.length),
    attribution: z.strictObject({
      /** Show these lines on the About/credits screen, as written. */
      text: z.array(z.string().min(1)).min(1),
      licence: Source,
    }),
  })
  .refine((p) => p.locales.includes(p.defaultLocale), {
    message: 'defaultLocale must be in locales',
    path: ['defaultLocale'],
  })
  .refine((p) => new Set(p.locales).size === p.locales.length, { message: 'locales repeat', path: ['locales'] })
  .refine((p) => sameSet(Object.keys(p.translation), p.locales), {
    message: 'translation must have exactly one status per locale',
    path: ['translation'],
  })
  .refine(
    (p) =>
      sameSet(
        p.themes.map((t) => t.id),
        THEME_IDS,
      ),
    { message: 'every theme once', path: ['themes'] },
  );
export type PackManifest = z.infer<typeof PackManifest>;

// ── entitlements.json ───────────────────────────────────────────────────────────────────────

/** `national`, or the id of the council whose offer it is (a council of `eligibility.json`). */
export const Scope = z.union([z.literal('national'), SnakeId]);
export type Scope = z.infer<typeof Scope>;

/** The language-independent facts of one entitlement; the words live in `text/<locale>.json`. */
export const EntitlementFacts = z
  .strictObject({
    id: SnakeId,
    theme: ThemeId,
    icon: Icon,
    scope: Scope,
    /** The headline amount, only where a source gives one. */
    amount: Amount.optional(),
    /** Other amounts the text mentions (each also from a source). */
    moreAmounts: z.array(Amount).optional(),
    ageFrom: Age.optional(),
    ageTo: Age.optional(),
    /** In force since (from the source). */
    since: ISODate.optional(),
    /** Ids in contacts.json to show with this entitlement. */
    contactIds: z.array(SnakeId).optional(),
    /** Ids of related entitlements. */
    related: z.array(SnakeId).optional(),
    ...FactMeta,
  })
  .refine((e) => e.ageFrom === undefined || e.ageTo === undefined || e.ageFrom <= e.ageTo, {
    message: 'ageFrom must not be above ageTo',
    path: ['ageTo'],
  });
export type EntitlementFacts = z.infer<typeof EntitlementFacts>;

export const EntitlementFactsList = z
  .array(EntitlementFacts)
  .min(1)
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, { message: 'entitlement ids must be unique' });
export type EntitlementFactsList = z.infer<typeof EntitlementFactsList>;

// ── contacts.json ───────────────────────────────────────────────────────────────────────────

export const Contact = z
  .strictObject({
    id: SnakeId,
    kind: z.enum([
      'emergency',
      'out_of_hours',
      'duty_line',
      'helpline',
      'homeless_out_of_hours',
      'service',
      'advice',
      'complaints',
    ]),
    /** Shown on the urgent-help screen, in `order`. */
    urgent: z.boolean(),
    order: z.int().nonnegative(),
    /**
     * Left out when no source gives it: the service is then never shown as something to call. A number
     * whose source is not confirmed current (`verified: false`) is shown with a warning beside it.
     */
    phone: z
      .string()
      .regex(/^[0-9 ]{3,16}$/)
      .optional(),
    /** A text line: send `word` to `number`. */
    sms: z
      .strictObject({ number: z.string().regex(/^[0-9]{5,11}$/), word: z.string().regex(/^[A-Z]{2,20}$/) })
      .optional(),
    /** The council area a local line is for (an out-of-hours homelessness line). */
    district: DistrictCode.optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    hours: z.string().min(1).optional(),
    ...FactMeta,
  })
  .refine((c) => c.phone !== undefined || c.url !== undefined || !c.verified, {
    message: 'a verified contact needs a phone or a url',
    path: ['verified'],
  })
  .refine((c) => !c.urgent || c.phone !== undefined, {
    message: 'urgent help shows only lines with a number to call',
    path: ['phone'],
  });
export type Contact = z.infer<typeof Contact>;

export const ContactList = z
  .array(Contact)
  .min(1)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'contact ids must be unique' });
export type ContactList = z.infer<typeof ContactList>;

// ── text/<locale>.json ──────────────────────────────────────────────────────────────────────

const Line = z.string().trim().min(1);

/** The words of one entitlement in one language. */
export const EntitlementText = z.strictObject({
  title: Line.max(80),
  /** One line. */
  summary: Line.max(160),
  /** Easy read: short sentences, one idea each (≤ 15 words in English). */
  easyRead: z.array(Line.max(160)).min(2),
  /** Full text, one paragraph per item. */
  full: z.array(Line).min(1),
  whoCanGet: Line,
  howToGet: z.array(Line).min(1),
  contact: Line,
  status: TranslationStatus,
  /**
   * A translation reviewed against English that has since changed (set when such a version is published,
   * gone once it is reviewed again): the app shows the new English beside it.
   */
  needsUpdate: z.literal(true).optional(),
});
export type EntitlementText = z.infer<typeof EntitlementText>;

export { ACCOMMODATION_TYPES };

/** Glossary terms every language must explain. */
export const REQUIRED_GLOSSARY_TERMS = [
  'pathway_plan',
  'pa',
  'guarantor',
  'tenancy',
  'care_leaver',
  'local_offer',
  'council_tax',
  'staying_put',
  'bursary',
  'universal_credit',
] as const;

/** A whole `text/<locale>.json`. */
export const ContentText = z.strictObject({
  locale: Locale,
  status: TranslationStatus,
  themes: z.record(ThemeId, z.strictObject({ title: Line.max(60), summary: Line.max(160) })),
  entitlements: z.record(SnakeId, EntitlementText),
  districts: z.record(DistrictCode, z.strictObject({ name: Line, councilTaxText: z.array(Line.max(200)).min(1) })),
  categories: z.record(CategoryId, z.strictObject({ label: Line.max(40), hint: Line.max(160) })),
  contacts: z.record(SnakeId, z.strictObject({ name: Line, description: Line })),
  accommodationTypes: z.record(z.enum(ACCOMMODATION_TYPES), Line.max(60)),
  glossary: z.record(SnakeId, z.strictObject({ term: Line, meaning: Line })),
  urgentHelp: z.strictObject({
    title: Line,
    intro: Line,
    steps: z.array(Line).min(1),
    /** Beside a number whose source is not confirmed current (`verified: false`). */
    unverified: Line,
    /** The heading over the councils' out-of-hours homelessness lines. */
    homelessTitle: Line,
    /** Shown at once on the report form when "gas or carbon monoxide" is chosen. */
    gasNote: Line,
  }),
  /** Search words that stand for others in this language ("passport" → ID, documents), for the offer's search. */
  searchSynonyms: z.record(z.string().min(1), z.array(Line).min(1)).optional(),
  /** Council names by council id (eligibility.json), for "This is {council}'s offer". */
  councils: z.record(SnakeId, Line).optional(),
  /** Shown beside any fact with `verified: false`. */
  askPa: Line,
  /** Shown on a page whose translation is `draft`. */
  draftNotice: Line,
});
export type ContentText = z.infer<typeof ContentText>;

// ── The whole pack, as the eligibility rules and the API read it ───────────────────────────

export const ContentPack = z.strictObject({
  manifest: PackManifest,
  entitlements: EntitlementFactsList,
  districts: DistrictPolicyList,
  schemes: Schemes,
  contacts: ContactList,
  housingPolicy: HousingPolicy,
});
export type ContentPack = z.infer<typeof ContentPack>;
