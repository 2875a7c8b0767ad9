/**
 * The content pack contract: zod schemas and inferred types for `content/<pack>/`.
 * Each schema and its type share a name (`Contact` is both). Data files are checked with strict
 * objects, so a misspelt key (`lastchecked`) fails instead of being dropped silently.
 * No Hono, DB or Vue imports here: the web app and the API both use this file.
 */
import { z } from 'zod';
import { ACCOMMODATION_TYPES } from './report-fields';

// ── Shared building blocks ──────────────────────────────────────────────────────────────────

export const LOCALES = ['en', 'ar', 'ti', 'ckb', 'vi', 'ps', 'fa-AF', 'sq'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** A calendar date `YYYY-MM-DD` that exists (2023-02-29 fails). */
export const ISODate = z.iso.date();
export type ISODate = z.infer<typeof ISODate>;

export const Source = z.strictObject({
  title: z.string().min(3),
  url: z.url({ protocol: /^https?$/ }),
  /**
   * Not the official source itself: a copy of an official document kept on another website, or a news
   * story or commentary. Shown only in the full details; young people see the official sources.
   */
  kind: z.enum(['copy', 'news']).optional(),
});
export type Source = z.infer<typeof Source>;

export const TranslationStatus = z.enum(['draft', 'reviewed']);
export type TranslationStatus = z.infer<typeof TranslationStatus>;

/** snake_case identifier used for entitlements, contacts and glossary terms. */
const SnakeId = z.string().regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'use snake_case');

/** One emoji (a pictograph, optionally with a variation selector or joiner sequence). */
const Icon = z
  .string()
  .min(1)
  .max(16)
  .regex(/^\p{Extended_Pictographic}/u, 'must start with an emoji');

/** An age in whole years. `ageTo` is inclusive: "until the 21st birthday" is `ageTo: 20`. */
const Age = z.int().min(0).max(30);

/**
 * Where a fact comes from and how sure we are.
 * - `verified: true`: a source says it, as we say it (as at `sourceDate` when given).
 * - `verified: false`: not confirmed (or possibly out of date): the app says "Ask your PA to confirm".
 */
const FactMeta = {
  source: Source,
  moreSources: z.array(Source).optional(),
  /** When we last checked the fact against its source. */
  lastChecked: ISODate,
  verified: z.boolean(),
  /** The date printed in (or implied by) the source itself, when it has one. */
  sourceDate: ISODate.optional(),
};

export const Amount = z.strictObject({
  value: z.number().positive(),
  currency: z.literal('GBP'),
  per: z.enum(['year', 'week', 'once', 'month']).optional(),
  /** "up to £120": the most you can get. */
  upTo: z.boolean().optional(),
  /** "usually around £2,000". */
  approximate: z.boolean().optional(),
  /** The amount applies at this age (birthday allowance at 17 and 18). */
  atAge: Age.optional(),
});
export type Amount = z.infer<typeof Amount>;

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

// ── districts.json ──────────────────────────────────────────────────────────────────────────

/** The 13 areas of the pack's boundary file (Medway + the 12 Kent districts). */
export const KENT_AREA_CODES = [
  'E06000035',
  'E07000105',
  'E07000106',
  'E07000107',
  'E07000108',
  'E07000109',
  'E07000110',
  'E07000111',
  'E07000112',
  'E07000113',
  'E07000114',
  'E07000115',
  'E07000116',
] as const;
/** Choices for people who live outside the 13 areas. */
export const OTHER_AREA_CODES = ['elsewhere_england', 'outside_england'] as const;
export const DISTRICT_CODES = [...KENT_AREA_CODES, ...OTHER_AREA_CODES] as const;
export const DistrictCode = z.enum(DISTRICT_CODES);
export type DistrictCode = z.infer<typeof DistrictCode>;

/**
 * Council tax help where the young person lives:
 * - `kcc_pays`: a Kent district: KCC pays for Kent care leavers aged 18–20 (see schemes.json).
 * - `medway_relief`: Medway gives its own care leavers 100% relief (and KCC still pays for Kent's).
 * - `other_council`: elsewhere in England: KCC still pays for Kent's; others ask their own council.
 * - `unknown`: no source.
 */
export const CouncilTaxScheme = z.enum(['kcc_pays', 'medway_relief', 'other_council', 'unknown']);
export type CouncilTaxScheme = z.infer<typeof CouncilTaxScheme>;

export const LocalDiscount = z.strictObject({
  /**
   * `scheme`: the council runs one (ages below); `none_found`: the council's pages were read and show none
   * (not proof: the rules say "ask your PA"); `not_checked`: no source found; `proposed`: voted on, not known to run.
   */
  status: z.enum(['scheme', 'none_found', 'not_checked', 'proposed']),
  ageFrom: Age.optional(),
  ageTo: Age.optional(),
  /** Date of a council motion or decision, if any. */
  decisionDate: ISODate.optional(),
  ...FactMeta,
});
export type LocalDiscount = z.infer<typeof LocalDiscount>;

export const DistrictPolicy = z.strictObject({
  code: DistrictCode,
  /** ONS name (English); translated names are in text/<locale>.json. */
  name: z.string().min(1),
  kind: z.enum(['district', 'unitary', 'elsewhere', 'outside']),
  /** The council for this area (null for "elsewhere" and "outside"). */
  council: z.string().min(1).nullable(),
  councilTax: z.strictObject({
    scheme: CouncilTaxScheme,
    /** Key of an extra sentence in text/<locale>.json `districts[code]`, if any. */
    noteKey: SnakeId.optional(),
    /** Does the council publish a care-leaver signpost on its council tax page? */
    signposted: z.boolean().optional(),
    localDiscount: LocalDiscount.optional(),
    /** The council's own council tax page, where one was found (the district panel links to it). */
    contact: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }).optional(),
    ...FactMeta,
  }),
  housingOptions: z.strictObject({
    name: z.string().min(1),
    url: z.url({ protocol: /^https?$/ }).optional(),
    phone: z
      .string()
      .regex(/^[0-9 ]{3,16}$/)
      .optional(),
    ...FactMeta,
  }),
  /** Care leavers living here, only if a source publishes it for this area. Never estimated. */
  careLeavers: z.int().nonnegative().nullable(),
  /** Kent (KCC) care leavers living here, as published (not the area's own care leavers). */
  kccCareLeaversLivingHere: z
    .strictObject({ count: z.int().nonnegative(), year: z.int(), ageFrom: Age, ageTo: Age, ...FactMeta })
    .optional(),
});
export type DistrictPolicy = z.infer<typeof DistrictPolicy>;

export const DistrictPolicyList = z.array(DistrictPolicy).refine(
  (list) =>
    sameSet(
      list.map((d) => d.code),
      DISTRICT_CODES,
    ) && list.length === DISTRICT_CODES.length,
  {
    message: `districts must list each of ${DISTRICT_CODES.length} codes exactly once`,
  },
);
export type DistrictPolicyList = z.infer<typeof DistrictPolicyList>;

// ── schemes.json ────────────────────────────────────────────────────────────────────────────

export const RentGuarantorScheme = z.strictObject({
  provider: z.string().min(1),
  /** Which council's care leavers it is for (a council id of `eligibility.json`). */
  forCareLeaversOf: SnakeId,
  /** What KCC carries the risk of. */
  covers: z.array(z.enum(['unpaid_rent', 'tenancy_default', 'property_damage'])).min(1),
  tenancyType: z.literal('private_rented'),
  agreements: z.literal('council_with_landlord_and_with_care_leaver'),
  eligibility: z.strictObject({
    /** "sufficiently mature and ready to take on the responsibility of independent accommodation". */
    readyForIndependentLiving: z.boolean(),
    openToAllCareLeavers: z.boolean(),
    /** For independent housing in general (not only this scheme). */
    independentHousingNeeds: z.array(
      z.enum(['education_training_or_employment', 'budgeting', 'cooking', 'keeping_a_home']),
    ),
    /** null = no source. */
    ageTo: Age.nullable(),
    outOfCounty: z.boolean().nullable(),
  }),
  application: z.strictObject({
    appliedBy: z.literal('personal_adviser'),
    withYoungPerson: z.boolean(),
    approvedBy: z.literal('head_of_18_plus_service'),
  }),
  /** Help the 18+ service already gave for a tenancy (as described at the pilot's launch). */
  alsoOffered: z.array(z.enum(['rent_deposit', 'rent_in_advance_one_month'])),
  pilot: z.strictObject({
    reportDate: ISODate,
    monthsRunning: z.int().positive(),
    monthsRunningAt: ISODate,
    sixMonthReview: z.strictObject({ defaults: z.int(), rentArrears: z.int(), costToCouncil: z.number() }),
  }),
  /** Things no source tells us: the text says to ask the PA. */
  unknown: z.array(z.enum(['current_status', 'rent_cap', 'guarantee_length', 'out_of_county', 'age_limit'])),
  ...FactMeta,
});
export type RentGuarantorScheme = z.infer<typeof RentGuarantorScheme>;

export const KccCouncilTaxScheme = z.strictObject({
  payer: z.string().min(1),
  forCareLeaversOf: SnakeId,
  ageFrom: Age,
  /** Inclusive: pays to the 21st birthday → 20. */
  ageTo: Age,
  untilBirthday: Age,
  paysWholeMonthOfBirthday: z.boolean(),
  since: ISODate,
  /** Wherever the care leaver lives (in Kent, Medway, London …). */
  livesAnywhere: z.boolean(),
  claimOtherDiscountsFirst: z.array(z.enum(['council_tax_support', 'single_person_discount', 'student_exemption'])),
  decision: z.string().min(1),
  policyDate: ISODate,
  /** Still in force today: not confirmed by any source. */
  currentVerified: z.boolean(),
  figures2020: z
    .strictObject({
      estimatedCareLeavers: z.int(),
      maxCostPerYear: Amount,
      kentCareLeavers18to25: z.int(),
      livingInMedway: z.int(),
      livingOutsideCounty: z.int(),
      ...FactMeta,
    })
    .optional(),
  ...FactMeta,
});
export type KccCouncilTaxScheme = z.infer<typeof KccCouncilTaxScheme>;

export const MedwayCouncilTaxScheme = z.strictObject({
  payer: z.string().min(1),
  forCareLeaversOf: SnakeId,
  reliefPercent: z.number().min(0).max(100),
  discretionary: z.boolean(),
  /** null = no age limit in the sources we have: ask the PA. */
  ageFrom: Age.nullable(),
  ageTo: Age.nullable(),
  conditions: z.array(z.enum(['lives_alone_and_liable', 'jointly_liable_with_partner_not_care_leaver'])),
  afterOtherReductions: z.boolean(),
  /** Medway care leavers living elsewhere give their bill to their PA, who pays it. */
  livingOutsideMedway: z.literal('pa_pays_bill'),
  approved: ISODate,
  extendedTo: ISODate,
  reviewedYearly: z.boolean(),
  /** May also help other councils' care leavers living in Medway: null = not known. */
  coversOtherCouncilsCareLeavers: z.boolean().nullable(),
  ...FactMeta,
});
export type MedwayCouncilTaxScheme = z.infer<typeof MedwayCouncilTaxScheme>;

export const Schemes = z.strictObject({
  rentGuarantor: RentGuarantorScheme,
  councilTax: z.strictObject({ kcc: KccCouncilTaxScheme, medway: MedwayCouncilTaxScheme }),
});
export type Schemes = z.infer<typeof Schemes>;

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

// ── housing-policy.json ─────────────────────────────────────────────────────────────────────

/** The report categories. */
export const CATEGORY_IDS = [
  'damp',
  'mould',
  'cold_heating',
  'electrics',
  'gas_co',
  'fire_safety',
  'water_leaks',
  'locks_doors_windows',
  'pests',
  'toilet_bathroom',
  'overcrowding',
  'unsafe_people',
  'unsafe_area',
  'other',
] as const;
export const CategoryId = z.enum(CATEGORY_IDS);
export type CategoryId = z.infer<typeof CategoryId>;

/** Groups for the dashboard's `byCategoryGroup`. */
export const CATEGORY_GROUPS = ['damp_mould', 'electrics_gas_fire', 'security_safety', 'other'] as const;
export const CategoryGroup = z.enum(CATEGORY_GROUPS);
export type CategoryGroup = z.infer<typeof CategoryGroup>;

export const ReportCategory = z.strictObject({
  id: CategoryId,
  group: CategoryGroup,
  icon: Icon,
  /** The HHSRS hazard (Housing Health and Safety Rating System (England) Regulations 2005, Sch. 1). */
  hhsrs: z.string().min(1).optional(),
  hhsrsNumber: z.int().min(1).max(29).optional(),
  /** false where the hazard name is from the research notes' memory, not a stored source. */
  hhsrsVerified: z.boolean().optional(),
  /** Other HHSRS hazards this plain-word category often covers. */
  alsoHhsrs: z.array(z.string().min(1)).optional(),
  /** The pack's choice: treat as an emergency (24-hour clock) unless triaged otherwise. */
  emergencyByDefault: z.boolean(),
  /**
   * Awaab's Law phase in which this hazard becomes a *significant* hazard (1 = Oct 2025, 2 = 2026,
   * 3 = 2027); null = not an HHSRS hazard or excluded (crowding). Emergencies ("imminent and significant
   * risk") are covered from phase 1 for every hazard except crowding and space.
   */
  awaabPhase: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
});
export type ReportCategory = z.infer<typeof ReportCategory>;

export const HousingPolicy = z
  .strictObject({
    model: z.strictObject({
      name: z.string().min(1),
      /** Phase 1 in force (damp and mould as significant hazards; all emergencies). */
      inForceFrom: ISODate,
      phase2Year: z.int(),
      phase3Year: z.int(),
      /** In law the clocks bind social landlords only; the pack uses them as the default for every report. */
      bindsInLaw: z.literal('social_landlords'),
      /**
       * When each phase binds (null: no commencement date confirmed, so its hazards' clocks are the
       * council's target, not law). A report's deadlines are `law` only for a tenure in `tenuresBound` and a
       * hazard whose phase is in force, verified, on the report's date.
       */
      phases: z
        .array(
          z.strictObject({
            phase: z.int().positive(),
            inForceFrom: ISODate.nullable(),
            covers: z.string().min(1),
            ...FactMeta,
          }),
        )
        .min(1),
      /** Emergencies of any hazard with a phase bind from this phase. */
      emergencyHazardsFromPhase: z.int().positive(),
      /** Accommodation types (ACCOMMODATION_TYPES) whose landlords the law binds. */
      tenuresBound: z.array(z.string().min(1)).min(1),
    }),
    categories: z.array(ReportCategory).length(CATEGORY_IDS.length),
    deadlines: z.strictObject({
      emergency: z.strictObject({
        investigateHours: z.int().positive(),
        makeSafeHours: z.int().positive(),
      }),
      significant: z.strictObject({
        investigateWorkingDays: z.int().positive(),
        summaryWorkingDays: z.int().positive(),
        makeSafeWorkingDays: z.int().positive(),
      }),
      preventative: z.strictObject({
        startWorkingDays: z.int().positive(),
        physicallyStartWeeks: z.int().positive(),
      }),
      /** Only if a source gives one (Awaab's Law sets none): absent = no acknowledgement clock. */
      acknowledgeWorkingDays: z.int().positive().optional(),
    }),
    /** England and Wales bank holidays (not working days), sorted. */
    bankHolidays: z.array(ISODate).min(1),
    bankHolidaysSource: Source,
    /** Later dates follow the usual rules but were not checked against the published list. */
    bankHolidaysCheckedThrough: ISODate,
    ...FactMeta,
  })
  .refine(
    (p) =>
      sameSet(
        p.categories.map((c) => c.id),
        CATEGORY_IDS,
      ),
    {
      message: 'every category exactly once',
      path: ['categories'],
    },
  )
  .refine((p) => p.bankHolidays.every((d, i, all) => i === 0 || all[i - 1]! < d), {
    message: 'bank holidays must be sorted and unique',
    path: ['bankHolidays'],
  });
export type HousingPolicy = z.infer<typeof HousingPolicy>;

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

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
