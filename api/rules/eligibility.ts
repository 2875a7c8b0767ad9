/**
 * "What can I get?": one pure, synchronous `evaluate(answers, pack)` (DESIGN §4), used by the web app
 * (offline, on the phone), visit mode and the tests. No storage, no clock unless `today` is left out.
 *
 * Every result says `eligible | likely | not_eligible | ask_pa`, with reasons and next steps as message
 * keys (`check.reason.*`, `check.step.*` in locales/) and values. A value named `district` is a district
 * code the UI turns into the district's name in the reader's language.
 *
 * Rules of thumb, from the content pack (content/kent/) and its sources:
 * - An unverified fact never gives `eligible`: it gives `likely` with "ask your PA to confirm".
 * - Unknown answers (skipped, "not sure", "prefer not to say") never give `not_eligible` on their own.
 * - Which council looked after the young person matters more than where they live: KCC pays the council
 *   tax of Kent care leavers aged 18–20 wherever they live; Medway gives its own care leavers relief.
 */
import type { ContentPack, DistrictCode, DistrictPolicy, EntitlementFacts } from '../contract/content';

// ── Answers ─────────────────────────────────────────────────────────────────────────────────

export const LOOKED_AFTER = ['yes_13_weeks', 'no', 'not_sure'] as const;
export const LOOKED_AFTER_BY = ['kent', 'medway', 'other', 'not_sure'] as const;
export const EDUCATION = ['school_college', 'university', 'apprenticeship', 'training', 'work', 'none', 'not_sure', 'prefer_not_to_say'] as const;
export const TENANCY = [
  'foster_carers',
  'supported',
  'private_rented',
  'social_housing',
  'family_friends',
  'temporary',
  'no_home',
  'custody',
  'other',
  'not_sure',
  'prefer_not_to_say',
] as const;
export const PARENT = ['yes', 'expecting', 'no', 'not_sure', 'prefer_not_to_say'] as const;
export const IMMIGRATION = ['british_irish', 'settled_or_leave', 'refugee', 'asylum_pending', 'not_sure', 'prefer_not_to_say'] as const;

export type LookedAfter = (typeof LOOKED_AFTER)[number];
export type LookedAfterBy = (typeof LOOKED_AFTER_BY)[number];
export type Education = (typeof EDUCATION)[number];
export type Tenancy = (typeof TENANCY)[number];
export type Parent = (typeof PARENT)[number];
export type Immigration = (typeof IMMIGRATION)[number];
export type DistrictAnswer = DistrictCode | 'not_sure';

/** What the young person told us. Every field may be missing (skipped). Kept on the device only. */
export interface Answers {
  age?: number | 'not_sure';
  /** `YYYY-MM-DD`; when given it wins over `age`. */
  dateOfBirth?: string;
  lookedAfter?: LookedAfter;
  lookedAfterBy?: LookedAfterBy;
  district?: DistrictAnswer;
  education?: Education;
  tenancy?: Tenancy;
  parent?: Parent;
  immigration?: Immigration;
}

/** Ages the questionnaire offers as buttons; "15" means "15 or younger" and "26" "26 or older". */
export const AGE_MIN = 15;
export const AGE_MAX = 26;

// ── Results ─────────────────────────────────────────────────────────────────────────────────

export type Outcome = 'eligible' | 'likely' | 'not_eligible' | 'ask_pa';
export const OUTCOMES = ['eligible', 'likely', 'ask_pa', 'not_eligible'] as const satisfies readonly Outcome[];

export interface Message {
  /** Short key under `check.reason.` or `check.step.` in locales/<code>.json. */
  key: string;
  values: Record<string, string | number>;
}

export interface Result {
  entitlementId: string;
  outcome: Outcome;
  reasons: Message[];
  nextSteps: Message[];
}

/** The parts of the pack the rules read (the web app loads no more than this for the check). */
export type EligibilityPack = Pick<ContentPack, 'entitlements' | 'districts' | 'schemes'>;

export interface EvaluateOptions {
  /** "Today", for an age worked out from a date of birth (`YYYY-MM-DD` or a Date). */
  today?: string | Date;
}

/** The entitlements shown first, in this order, with the answer for the young person's district. */
export const HEADLINE_IDS = ['council_tax', 'rent_guarantor'] as const;

const MEDWAY = 'E06000035';

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

const msg = (key: string, values: Record<string, string | number> = {}): Message => ({ key: `check.reason.${key}`, values });
const step = (key: string, values: Record<string, string | number> = {}): Message => ({ key: `check.step.${key}`, values });

const isoParts = (value: string | Date): [number, number, number] | null => {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : [value.getFullYear(), value.getMonth() + 1, value.getDate()];
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return [y, mo, d];
};

/** Whole years between a date of birth and today (a 29 February birthday counts from 1 March). */
export function ageOn(dateOfBirth: string, today: string | Date): number | null {
  const born = isoParts(dateOfBirth);
  const now = isoParts(today);
  if (!born || !now) return null;
  let age = now[0] - born[0];
  if (now[1] < born[1] || (now[1] === born[1] && now[2] < born[2])) age -= 1;
  return age >= 0 && age <= 120 ? age : null;
}

interface Context {
  age: number | null;
  /** True when today is in the calendar month of the 21st birthday (KCC pays that whole month). */
  inMonthOf21stBirthday: boolean;
  careLeaver: 'yes' | 'no' | 'unknown';
  council: 'kent' | 'medway' | 'other' | 'unknown';
  districtCode: DistrictCode | null;
  district: DistrictPolicy | null;
  answers: Answers;
}

function contextOf(answers: Answers, pack: EligibilityPack, options: EvaluateOptions): Context {
  const today = options.today ?? new Date();
  let age: number | null = null;
  let inMonthOf21stBirthday = false;
  if (answers.dateOfBirth) {
    age = ageOn(answers.dateOfBirth, today);
    const born = isoParts(answers.dateOfBirth);
    const now = isoParts(today);
    if (born && now && age === 21) inMonthOf21stBirthday = now[0] === born[0] + 21 && now[1] === born[1];
  }
  if (age === null && typeof answers.age === 'number' && Number.isInteger(answers.age) && answers.age >= 0 && answers.age <= 120) {
    age = answers.age;
  }
  const careLeaver = answers.lookedAfter === 'yes_13_weeks' ? 'yes' : answers.lookedAfter === 'no' ? 'no' : 'unknown';
  const by = answers.lookedAfterBy;
  const council = by === 'kent' || by === 'medway' || by === 'other' ? by : 'unknown';
  const district = pack.districts.find((d) => d.code === answers.district) ?? null;
  return {
    age,
    inMonthOf21stBirthday,
    careLeaver,
    council,
    districtCode: district?.code ?? null,
    district,
    answers,
  };
}

class Draft {
  reasons: Message[] = [];
  nextSteps: Message[] = [];
  constructor(public outcome: Outcome) {}
  because(...reasons: Message[]): this {
    for (const r of reasons) if (!this.reasons.some((x) => x.key === r.key)) this.reasons.push(r);
    return this;
  }
  then(...steps: Message[]): this {
    for (const s of steps) if (!this.nextSteps.some((x) => x.key === s.key)) this.nextSteps.push(s);
    return this;
  }
  /** "Not for you right now", with the deciding reason first. */
  deny(reason: Message): this {
    this.outcome = 'not_eligible';
    this.reasons = [reason, ...this.reasons.filter((r) => r.key !== reason.key)];
    return this;
  }
  /** Lowers `eligible` to `likely` (an unverified fact, an unsure answer); other outcomes stay. */
  soften(): this {
    if (this.outcome === 'eligible') this.outcome = 'likely';
    return this;
  }
  /** Lowers anything but `not_eligible` to `ask_pa`. */
  askPa(): this {
    if (this.outcome !== 'not_eligible') this.outcome = 'ask_pa';
    return this;
  }
}

const isKentDistrict = (d: DistrictPolicy | null) => d?.kind === 'district';
const districtValue = (ctx: Context): Record<string, string> => (ctx.districtCode ? { district: ctx.districtCode } : {});

// ── Council tax ─────────────────────────────────────────────────────────────────────────────

function councilTax(ctx: Context, pack: EligibilityPack): Draft {
  const kcc = pack.schemes.councilTax.kcc;
  const medway = pack.schemes.councilTax.medway;
  const until = kcc.untilBirthday;
  const { age } = ctx;

  if (ctx.careLeaver === 'no') {
    return new Draft('not_eligible').because(msg('not_care_leaver')).then(step('council_tax_support'));
  }
  if (age === null) {
    return new Draft('ask_pa')
      .because(msg('age_unknown'), msg('ct_kcc_pays', { until }))
      .then(step('ask_pa'));
  }
  if (age < kcc.ageFrom) {
    const draft = new Draft('not_eligible').because(msg('ct_under_18', { from: kcc.ageFrom }));
    if (ctx.council === 'kent') draft.because(msg('ct_kcc_from', { from: kcc.ageFrom, until }));
    return draft;
  }

  const draft = councilTaxByCouncil(ctx, kcc.ageTo, until, medway.reliefPercent, medway.ageTo);
  if (ctx.careLeaver === 'unknown') draft.soften().because(msg('care_leaver_not_sure'));
  return draft;
}

function councilTaxByCouncil(ctx: Context, kccAgeTo: number, until: number, percent: number, medwayAgeTo: number | null): Draft {
  const { age, district } = ctx;
  const here = districtValue(ctx);
  const a = age ?? 0;

  switch (ctx.council) {
    case 'kent': {
      if (a <= kccAgeTo || (a === until && ctx.inMonthOf21stBirthday)) {
        const draft =
          ctx.districtCode === 'outside_england'
            ? new Draft('likely').because(msg('ct_kcc_pays', { until }), msg('ct_outside_england')).then(step('ask_pa'))
            : new Draft('eligible').because(msg('ct_kcc_pays', { until }));
        if (a === until) draft.because(msg('ct_kcc_birthday_month', { until }));
        if (ctx.districtCode && ctx.districtCode !== 'outside_england') draft.because(msg('ct_kcc_where_you_live', here));
        else if (!ctx.districtCode) draft.because(msg('ct_kcc_anywhere'));
        return draft.then(step('claim_discounts_first'), step('give_bill_to_pa'), step('check_each_year'));
      }
      // 21 or older: KCC's payment has ended; is there anything where they live?
      const ended = msg('ct_kcc_ended', { until });
      if (!district) {
        return new Draft('ask_pa').because(ended, msg('district_unknown')).then(step('ask_council_ct'), step('council_tax_support'));
      }
      if (district.code === MEDWAY) {
        return new Draft('ask_pa')
          .because(ended, msg('ct_medway_may_cover', here))
          .then(step('ask_pa'), step('council_tax_support'));
      }
      if (district.kind === 'elsewhere') {
        return new Draft('ask_pa').because(ended, msg('ct_other_councils')).then(step('ask_council_ct'), step('council_tax_support'));
      }
      if (district.kind === 'outside') {
        return new Draft('ask_pa').because(ended, msg('ct_outside_england')).then(step('ask_pa'));
      }
      return kentDistrictAfterKcc(ctx, district, ended);
    }
    case 'medway': {
      const draft = new Draft('ask_pa').because(msg('ct_medway_relief', { percent }));
      if (medwayAgeTo === null) draft.because(msg('ct_medway_age_unknown'));
      else if (a > medwayAgeTo) return new Draft('not_eligible').because(msg('too_old', { until: medwayAgeTo + 1 }));
      if (ctx.districtCode && ctx.districtCode !== MEDWAY) {
        draft.because(msg('ct_medway_outside', here));
        if (isKentDistrict(district)) draft.because(msg('ct_kcc_only_kent'));
      } else if (ctx.districtCode === MEDWAY) {
        draft.because(msg('ct_medway_where_you_live', here));
      }
      if (ctx.districtCode === 'outside_england') draft.because(msg('ct_outside_england'));
      return draft.then(step('claim_discounts_first'), step('ask_pa_confirm'));
    }
    case 'other': {
      const draft = new Draft('ask_pa');
      if (ctx.districtCode === MEDWAY) draft.because(msg('ct_medway_may_cover', here));
      if (isKentDistrict(district)) draft.because(msg('ct_kcc_only_kent'));
      if (ctx.districtCode === 'outside_england') draft.because(msg('ct_outside_england'));
      return draft.because(msg('ct_own_council')).then(step('ask_pa'), step('ask_council_ct'));
    }
    case 'unknown': {
      const draft = new Draft('ask_pa').because(msg('which_council_unknown'));
      if (a <= kccAgeTo) draft.because(msg('ct_if_kent', { until }));
      draft.because(msg('ct_if_medway', { percent }));
      return draft.then(step('ask_pa'));
    }
  }
}

function kentDistrictAfterKcc(ctx: Context, district: DistrictPolicy, ended: Message): Draft {
  const a = ctx.age ?? 0;
  const here = districtValue(ctx);
  const local = district.councilTax.localDiscount;
  if (local?.status === 'proposed') {
    const from = local.ageFrom ?? 0;
    const to = local.ageTo ?? 99;
    if (a >= from && a <= to) {
      return new Draft('ask_pa')
        .because(ended, msg('ct_local_proposed', { ...here, from, to, year: (local.decisionDate ?? '').slice(0, 4) }))
        .then(step('ask_pa'), step('ask_council_ct'));
    }
    return new Draft('not_eligible')
      .because(ended, msg('ct_local_proposed_other_ages', { ...here, from, to }))
      .then(step('council_tax_support'));
  }
  if (local?.status === 'none_found') {
    return new Draft('not_eligible').because(ended, msg('ct_none_found', here)).then(step('council_tax_support'));
  }
  return new Draft('ask_pa').because(ended, msg('ct_not_checked', here)).then(step('ask_council_ct'), step('council_tax_support'));
}

function medwayCouncilTaxRelief(ctx: Context, pack: EligibilityPack): Draft {
  const medway = pack.schemes.councilTax.medway;
  const kcc = pack.schemes.councilTax.kcc;
  const here = districtValue(ctx);
  if (ctx.careLeaver === 'no') return new Draft('not_eligible').because(msg('not_care_leaver'));
  if (ctx.age !== null && ctx.age < kcc.ageFrom) return new Draft('not_eligible').because(msg('ct_under_18', { from: kcc.ageFrom }));
  switch (ctx.council) {
    case 'medway':
      return councilTaxByCouncil(ctx, kcc.ageTo, kcc.untilBirthday, medway.reliefPercent, medway.ageTo);
    case 'kent':
      if (ctx.districtCode === MEDWAY && ctx.age !== null && ctx.age > kcc.ageTo) {
        return new Draft('ask_pa').because(msg('ct_kcc_ended', { until: kcc.untilBirthday }), msg('ct_medway_may_cover', here)).then(step('ask_pa'));
      }
      return new Draft('not_eligible').because(msg('medway_only'), msg('ct_kcc_pays', { until: kcc.untilBirthday }));
    case 'other':
      if (ctx.districtCode === MEDWAY) return new Draft('ask_pa').because(msg('ct_medway_may_cover', here)).then(step('ask_pa'));
      return new Draft('not_eligible').because(msg('medway_only')).then(step('ask_council_ct'));
    case 'unknown':
      return new Draft('ask_pa').because(msg('which_council_unknown'), msg('ct_if_medway', { percent: medway.reliefPercent })).then(step('ask_pa'));
  }
}

// ── Rent guarantor ──────────────────────────────────────────────────────────────────────────

function rentGuarantor(ctx: Context, pack: EligibilityPack): Draft {
  const scheme = pack.schemes.rentGuarantor;
  const here = districtValue(ctx);
  const checkedYear = (scheme.sourceDate ?? scheme.lastChecked).slice(0, 4);
  const rules = msg('rg_rules_checked', { year: checkedYear });
  const how = [step('rg_pa_applies'), step('rg_show_ready'), step('ask_pa_confirm')];

  if (ctx.careLeaver === 'no') return new Draft('not_eligible').because(msg('not_care_leaver'));
  if (ctx.council === 'medway' || ctx.council === 'other') {
    return new Draft('ask_pa').because(msg('rg_kent_only'), msg('rg_other_councils')).then(step('ask_pa'));
  }
  if (ctx.council === 'unknown') {
    return new Draft('ask_pa').because(msg('which_council_unknown'), msg('rg_kcc_guarantor')).then(step('ask_pa'));
  }
  // A Kent care leaver.
  const draft = new Draft('likely').because(msg('rg_kcc_guarantor'));
  const { age } = ctx;
  if (age === null) draft.askPa().because(msg('age_unknown'));
  else if (age < 18) draft.askPa().because(msg('rg_under_18'));
  else if (scheme.eligibility.ageTo !== null && age > scheme.eligibility.ageTo) {
    return new Draft('not_eligible').because(msg('too_old', { until: scheme.eligibility.ageTo + 1 }));
  } else if (age >= 25) draft.askPa().because(msg('rg_age_limit_unknown'));

  if (ctx.district?.kind === 'elsewhere' || ctx.district?.kind === 'outside' || ctx.districtCode === MEDWAY) {
    if (scheme.eligibility.outOfCounty !== true) draft.askPa().because(msg('rg_outside_kent_unknown', here));
  } else if (isKentDistrict(ctx.district)) {
    draft.because(msg('rg_where_you_live', here));
  }

  switch (ctx.answers.tenancy) {
    case 'private_rented':
      draft.because(msg('rg_private_renting'));
      break;
    case 'social_housing':
      draft.askPa().because(msg('rg_social_housing'));
      break;
    case 'custody':
      draft.askPa().because(msg('rg_custody'));
      break;
    default:
      draft.because(msg('rg_when_you_move'));
  }
  if (ctx.careLeaver === 'unknown') draft.askPa().because(msg('care_leaver_not_sure'));
  return draft.because(msg('rg_ready'), rules).then(...how);
}

// ── Everything else: scope and ages from the pack, plus a condition per entitlement ─────────

type Condition = (ctx: Context, draft: Draft, e: EntitlementFacts) => void;

const EDUCATION_LEARNING: readonly Education[] = ['school_college', 'training', 'apprenticeship', 'university'];
/** The answers that say something: every option but "not sure" and "prefer not to say". */
const known = <T extends string>(options: readonly T[]): readonly T[] =>
  options.filter((o) => o !== 'not_sure' && o !== 'prefer_not_to_say');
const KNOWN_EDUCATION = known(EDUCATION);
const KNOWN_TENANCY = known(TENANCY);

const unknownAnswer = (value: string | undefined) =>
  value === 'prefer_not_to_say' ? msg('prefer_not_to_say') : msg('answer_unknown');

const CONDITIONS: Record<string, Condition> = {
  staying_put(ctx, draft) {
    const t = ctx.answers.tenancy;
    if (ctx.age !== null && ctx.age < 18 && draft.outcome === 'not_eligible') {
      // Staying Put starts at 18: a 16- or 17-year-old in foster care can plan for it now.
      draft.outcome = t === 'foster_carers' || t === undefined || !KNOWN_TENANCY.includes(t) ? 'likely' : 'not_eligible';
      draft.reasons = [msg('staying_put_plan')];
      if (draft.outcome === 'likely') draft.then(step('staying_put_talk'));
      return;
    }
    if (draft.outcome === 'not_eligible') return;
    if (t === 'foster_carers') draft.because(msg('staying_put_with_carers'));
    else if (t && KNOWN_TENANCY.includes(t)) {
      draft.deny(msg('staying_put_not_with_carers'));
    } else draft.soften().because(msg('staying_put_if_with_carers'));
  },
  priority_need(ctx, draft) {
    if (ctx.age !== null && ctx.age > 20) {
      draft.outcome = 'ask_pa';
      draft.reasons = [msg('priority_need_21_plus')];
    } else if (ctx.answers.education === 'university') {
      draft.askPa().because(msg('priority_need_student'));
    }
    if (ctx.answers.tenancy === 'no_home' || ctx.answers.tenancy === 'temporary') draft.then(step('urgent_help'), step('housing_options', districtValue(ctx)));
    else if (draft.outcome !== 'not_eligible') draft.then(step('housing_options', districtValue(ctx)));
  },
  apprenticeship_bursary(ctx, draft, e) {
    const ed = ctx.answers.education;
    if (ed === 'apprenticeship') draft.because(msg('in_apprenticeship'));
    else draft.soften().because(msg('if_apprenticeship', { until: (e.ageTo ?? 24) + 1 }));
  },
  he_bursary(ctx, draft) {
    if (ctx.answers.education === 'university') draft.because(msg('at_university'));
    else draft.soften().because(msg('if_university'));
  },
  vacation_accommodation(ctx, draft) {
    const ed = ctx.answers.education;
    if (ed === 'university') draft.because(msg('at_university'));
    else if (ed && KNOWN_EDUCATION.includes(ed)) {
      draft.deny(msg('for_university_students'));
    } else draft.soften().because(msg('if_university'));
  },
  education_bursary_16_17: learning,
  bursary_16_19: learning,
  parent_support(ctx, draft) {
    const p = ctx.answers.parent;
    if (p === 'yes' || p === 'expecting') draft.because(msg(p === 'yes' ? 'parent_yes' : 'parent_expecting'));
    else if (p === 'no') {
      draft.deny(msg('parent_no'));
    } else draft.askPa().because(unknownAnswer(p), msg('for_parents'));
  },
  custody_support: custody,
  release_housing: custody,
  immigration_advice(ctx, draft) {
    const i = ctx.answers.immigration;
    if (i === 'british_irish') {
      draft.deny(msg('immigration_british'));
    } else if (i === 'refugee' || i === 'asylum_pending' || i === 'settled_or_leave') draft.because(msg('immigration_status_help'));
    else if (i === 'not_sure') draft.soften().because(msg('immigration_not_sure'));
    else draft.askPa().because(unknownAnswer(i));
  },
  independent_housing(ctx, draft) {
    draft.soften().because(msg('independent_housing_needs'));
    if (ctx.answers.education === 'none') draft.then(step('eet_first'));
  },
  rent_deposit(ctx, draft) {
    if (ctx.answers.tenancy === 'private_rented') draft.because(msg('rg_private_renting'));
    else draft.soften().because(msg('rg_when_you_move'));
  },
};

function learning(ctx: Context, draft: Draft): void {
  const ed = ctx.answers.education;
  if (ed && EDUCATION_LEARNING.includes(ed)) draft.because(msg('in_learning'));
  else if (ed && KNOWN_EDUCATION.includes(ed)) {
    draft.deny(msg('for_learners'));
  } else draft.soften().because(msg('if_learning'));
}

function custody(ctx: Context, draft: Draft): void {
  const t = ctx.answers.tenancy;
  if (t === 'custody') draft.because(msg('custody_yes'));
  else if (t && KNOWN_TENANCY.includes(t)) {
    draft.deny(msg('custody_no'));
  } else draft.askPa().because(unknownAnswer(t), msg('for_custody'));
}

/** Conditions that also look at ages outside the pack's range (Staying Put planning at 16–17, priority need at 21+). */
const AGE_AWARE = new Set(['staying_put', 'priority_need']);

/** Entitlements that are for everyone, care leaver or not. */
const FOR_EVERYONE = new Set(['housing_repairs']);

function general(ctx: Context, e: EntitlementFacts): Draft {
  if (ctx.careLeaver === 'no' && !FOR_EVERYONE.has(e.id)) return new Draft('not_eligible').because(msg('not_care_leaver'));

  const draft = new Draft('eligible');
  // Whose offer is it?
  if (e.scope === 'national') draft.because(msg(FOR_EVERYONE.has(e.id) ? 'for_everyone' : 'national'));
  else {
    const own = e.scope; // 'kent' | 'medway'
    if (ctx.council === own) draft.because(msg(own === 'kent' ? 'kent_offer' : 'medway_offer'));
    else if (ctx.council === 'unknown') draft.askPa().because(msg('which_council_unknown'), msg(own === 'kent' ? 'kent_offer' : 'medway_offer'));
    else {
      return new Draft('not_eligible').because(msg(own === 'kent' ? 'kent_only' : 'medway_only')).then(step('own_local_offer'));
    }
  }

  // Ages.
  if (e.ageFrom !== undefined || e.ageTo !== undefined) {
    if (ctx.age === null) draft.askPa().because(msg('age_unknown'));
    else if (e.ageFrom !== undefined && ctx.age < e.ageFrom) {
      draft.deny(msg('too_young', { from: e.ageFrom }));
    } else if (e.ageTo !== undefined && ctx.age > e.ageTo) {
      draft.deny(msg('too_old', { until: e.ageTo + 1 }));
    } else if (e.ageTo !== undefined) draft.because(msg('age_ok_until', { until: e.ageTo + 1 }));
  }

  // A condition only narrows what the scope and ages allow, except where it knows better about ages.
  if (draft.outcome !== 'not_eligible' || AGE_AWARE.has(e.id)) CONDITIONS[e.id]?.(ctx, draft, e);

  if (ctx.careLeaver === 'unknown' && !FOR_EVERYONE.has(e.id) && draft.outcome !== 'not_eligible') {
    draft.soften().because(msg('care_leaver_not_sure'));
  }
  return draft;
}

// ── evaluate ────────────────────────────────────────────────────────────────────────────────

/**
 * One result per entitlement of the pack: council tax and rent guarantor first, then the pack's order.
 * Pure: the same answers, pack and `today` always give the same results.
 */
export function evaluate(answers: Answers, pack: EligibilityPack, options: EvaluateOptions = {}): Result[] {
  const ctx = contextOf(answers, pack, options);
  const ordered = [
    ...HEADLINE_IDS.flatMap((id) => pack.entitlements.filter((e) => e.id === id)),
    ...pack.entitlements.filter((e) => !(HEADLINE_IDS as readonly string[]).includes(e.id)),
  ];
  return ordered.map((e) => {
    const draft =
      e.id === 'council_tax'
        ? councilTax(ctx, pack)
        : e.id === 'medway_council_tax_relief'
          ? medwayCouncilTaxRelief(ctx, pack)
          : e.id === 'rent_guarantor'
            ? rentGuarantor(ctx, pack)
            : general(ctx, e);
    // A fact no source confirms is never settled.
    if (!e.verified && draft.outcome === 'eligible') draft.soften().because(msg('unverified')).then(step('ask_pa_confirm'));
    return { entitlementId: e.id, outcome: draft.outcome, reasons: draft.reasons, nextSteps: draft.nextSteps };
  });
}

/** Results by outcome, for the three lists of the results page ("likely" and "ask_pa" together). */
export function groupResults(results: Result[]): { eligible: Result[]; maybe: Result[]; notEligible: Result[] } {
  return {
    eligible: results.filter((r) => r.outcome === 'eligible'),
    maybe: results.filter((r) => r.outcome === 'likely' || r.outcome === 'ask_pa'),
    notEligible: results.filter((r) => r.outcome === 'not_eligible'),
  };
}

// ── Stored answers ──────────────────────────────────────────────────────────────────────────

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * Answers read back from storage (or a shared link): anything unknown or malformed is dropped, so a
 * stale or edited value can never reach `evaluate` as something it is not.
 */
export function sanitizeAnswers(value: unknown, districtCodes: readonly string[]): Answers {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: Answers = {};
  if (v.age === 'not_sure') out.age = 'not_sure';
  else if (typeof v.age === 'number' && Number.isInteger(v.age) && v.age >= 0 && v.age <= 120) out.age = v.age;
  if (typeof v.dateOfBirth === 'string' && isoParts(v.dateOfBirth)) out.dateOfBirth = v.dateOfBirth;
  const lookedAfter = oneOf(LOOKED_AFTER, v.lookedAfter);
  if (lookedAfter) out.lookedAfter = lookedAfter;
  const by = oneOf(LOOKED_AFTER_BY, v.lookedAfterBy);
  if (by) out.lookedAfterBy = by;
  if (v.district === 'not_sure' || (typeof v.district === 'string' && districtCodes.includes(v.district))) {
    out.district = v.district as DistrictAnswer;
  }
  const education = oneOf(EDUCATION, v.education);
  if (education) out.education = education;
  const tenancy = oneOf(TENANCY, v.tenancy);
  if (tenancy) out.tenancy = tenancy;
  const parent = oneOf(PARENT, v.parent);
  if (parent) out.parent = parent;
  const immigration = oneOf(IMMIGRATION, v.immigration);
  if (immigration) out.immigration = immigration;
  return out;
}
