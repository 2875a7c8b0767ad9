/**
 * The places of the content pack: every area a young person may live in (`districts.json`) with its
 * council tax help and housing options, and the council schemes those rest on (`schemes.json`).
 */
import { z } from 'zod';
import { Age, Amount, FactMeta, ISODate, SnakeId, sameSet } from './content-fields';

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
