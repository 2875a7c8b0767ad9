/**
 * The rules of "What can I get?" as data: `content/<pack>/eligibility.json`, read by one generic evaluator
 * (api/rules/eligibility.ts) on the phone, in visit mode, in the tests and on the server.
 *
 * Each entitlement has routes (ways to get it). A route gives its outcome when every condition holds;
 * a condition that is not known (skipped, "not sure") makes it "ask your PA" or "you might get this",
 * never "not for you". Facts not confirmed current (`verified`, `currentVerified` of the fact the route
 * names) lower "you can get this" to "you might get this". Councils and areas are ids from the pack: the
 * code names none.
 */
import { z } from 'zod';
import { EDUCATION, IMMIGRATION, PARENT, TENANCY } from '../rules/answers';
import { Age, SnakeId } from './content-fields';

/** The care-leaver categories of the Children Act 1989 (s.19B, s.22, s.23A, s.23C, s.24). */
export const CATEGORIES = ['eligible', 'relevant', 'former_relevant', 'qualifying'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** What an immigration status allows, as the law says (see each capability's source). */
export const CAPABILITIES = [
  'public_funds',
  'housing_assistance',
  'right_to_work',
  'vote',
  'leaving_care',
  'immigration_help',
  'urgent_legal_advice',
] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;
/** `check`: depends on the papers (for example the conditions printed on the eVisa). */
export const Allowed = z.enum(['yes', 'no', 'check']);
export type Allowed = z.infer<typeof Allowed>;

export const RuleMessage = z.strictObject({
  key: SnakeId,
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type RuleMessage = z.infer<typeof RuleMessage>;

const Answer = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).min(1);

/** Conditions of a route: all must hold. Absent = any answer. */
export const Conditions = z.strictObject({
  /** Inclusive ages; `toBirthdayMonth`: also in the calendar month of the birthday after `to` (needs a date of birth). */
  age: z
    .strictObject({ from: Age.optional(), to: Age.optional(), toBirthdayMonth: z.boolean().optional() })
    .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, {
      message: 'from must not be above to',
    })
    .optional(),
  /** Care-leaver categories that get it; `askCategories`: categories for which it depends (ask the PA). */
  categories: z.array(Category).min(1).optional(),
  askCategories: z.array(Category).min(1).optional(),
  /** Which council looked after them: council ids of the pack, or "other". */
  lookedAfterBy: z.array(SnakeId).min(1).optional(),
  /** Where they live now: area codes, the areas of councils, or kinds of area. */
  livesIn: z
    .strictObject({
      areas: z.array(z.string().min(1)).optional(),
      councils: z.array(SnakeId).optional(),
      kinds: z.array(z.enum(['district', 'unitary', 'elsewhere', 'outside'])).optional(),
    })
    .optional(),
  /** What their immigration status must allow. */
  status: z.array(Capability).min(1).optional(),
  /** Statuses for which this applies (for information pages about immigration). */
  immigration: Answer(IMMIGRATION).optional(),
  home: Answer(TENANCY).optional(),
  parent: Answer(PARENT).optional(),
  education: Answer(EDUCATION).optional(),
});
export type Conditions = z.infer<typeof Conditions>;

export const OUTCOME_GIVEN = ['eligible', 'likely', 'ask_pa'] as const;

/** A note added to a route that holds, when its own condition holds too. */
export const Caveat = z.strictObject({
  when: Conditions,
  /** The most this route can then give. */
  atMost: z.enum(OUTCOME_GIVEN).optional(),
  reasons: z.array(RuleMessage).default([]),
  steps: z.array(RuleMessage).default([]),
});
export type Caveat = z.infer<typeof Caveat>;

export const Route = z.strictObject({
  id: SnakeId,
  when: Conditions,
  /** The best this route gives. */
  gives: z.enum(OUTCOME_GIVEN).default('eligible'),
  /**
   * Where the route's fact is, for its currency flags: a dotted path into the pack (`schemes.councilTax.kcc`,
   * `districts.E07000112.councilTax.localDiscount`). Absent: the entitlement itself.
   */
  fact: z
    .string()
    .regex(/^[A-Za-z0-9_.]+$/)
    .optional(),
  /** Shown first in the results, above everything else (urgent legal advice, "contact children's services now"). */
  urgent: z.boolean().optional(),
  reasons: z.array(RuleMessage).default([]),
  steps: z.array(RuleMessage).default([]),
  caveats: z.array(Caveat).default([]),
});
export type Route = z.infer<typeof Route>;

export const EntitlementRule = z.strictObject({
  id: SnakeId,
  /** `info`: a page to read (never "you can get this"); `entitlement`: help someone can get. */
  kind: z.enum(['entitlement', 'info']),
  /** How much it changes a young person's situation (orders the results). */
  weight: z.int().min(0).max(100),
  /** false: for everyone, not only care leavers. */
  careLeaversOnly: z.boolean().default(true),
  routes: z.array(Route).min(1),
  /** Added when no route holds. */
  otherwise: z
    .strictObject({ reasons: z.array(RuleMessage).default([]), steps: z.array(RuleMessage).default([]) })
    .optional(),
});
export type EntitlementRule = z.infer<typeof EntitlementRule>;

export const Council = z.strictObject({
  id: SnakeId,
  /** The areas (codes in districts.json) this council covers. */
  areas: z.array(z.string().min(1)).min(1),
});
export type Council = z.infer<typeof Council>;

const FactMeta = {
  source: z.strictObject({ title: z.string().min(3), url: z.url({ protocol: /^https?$/ }) }),
  moreSources: z.array(z.strictObject({ title: z.string().min(3), url: z.url({ protocol: /^https?$/ }) })).optional(),
  lastChecked: z.iso.date(),
  verified: z.boolean(),
};

export const EligibilityRules = z
  .strictObject({
    /** Councils that look after children (their care leavers' offers), with the areas each covers. */
    councils: z.array(Council).min(1),
    /** Immigration status → what it allows (every answer but "not sure" / "prefer not to say"). */
    statuses: z.record(z.string(), z.partialRecord(Capability, Allowed)),
    /** Where the law on each capability comes from. */
    statusSources: z.partialRecord(Capability, z.strictObject(FactMeta)),
    /** Entitlement ids shown first, in this order, whatever the outcome. */
    headline: z.array(SnakeId),
    /** How many results sit above "Other things you might get". */
    topCount: z.int().min(0).max(20),
    entitlements: z.array(EntitlementRule).min(1),
  })
  .refine((r) => new Set(r.entitlements.map((e) => e.id)).size === r.entitlements.length, {
    message: 'rule ids must be unique',
  })
  .refine((r) => Object.keys(r.statuses).every((s) => (IMMIGRATION as readonly string[]).includes(s)), {
    message: 'unknown immigration status',
  });
export type EligibilityRules = z.infer<typeof EligibilityRules>;
/** The rules as written in the JSON file (defaults not yet filled in). */
export type EligibilityRulesInput = z.input<typeof EligibilityRules>;

/** One person of the scenario table (content/<pack>/scenarios.json), and what the rules must give them. */
export const Scenario = z.strictObject({
  name: z.string().min(1),
  answers: z.strictObject({
    age: z.int().min(0).max(120).optional(),
    dateOfBirth: z.iso.date().optional(),
    lookedAfter: z.string().optional(),
    lookedAfterBy: z.string().optional(),
    district: z.string().optional(),
    education: z.string().optional(),
    tenancy: z.string().optional(),
    parent: z.string().optional(),
    immigration: z.string().optional(),
  }),
  today: z.iso.date().optional(),
  /** Entitlement id → the outcome, or a list of acceptable outcomes. */
  expect: z.record(SnakeId, z.union([z.string(), z.array(z.string()).min(1)])),
  /** Entitlement ids that must come first, in this order (urgent ones). */
  first: z.array(SnakeId).optional(),
  /** Reason keys that must appear somewhere in the results. */
  says: z.array(z.string()).optional(),
});
export type Scenario = z.infer<typeof Scenario>;
