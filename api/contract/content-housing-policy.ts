/**
 * `housing-policy.json`: the report categories and the repair clocks a report is held to (Awaab's Law
 * phases, deadlines, bank holidays).
 */
import { z } from 'zod';
import { FactMeta, ISODate, Icon, Source, sameSet } from './content-fields';

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
