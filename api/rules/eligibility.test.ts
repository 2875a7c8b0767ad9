import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import entitlementsJson from '#content/kent/entitlements.json';
import districtsJson from '#content/kent/districts.json';
import schemesJson from '#content/kent/schemes.json';
import en from '#locales/en.json';
import { DistrictPolicyList, EntitlementFactsList, KENT_AREA_CODES, Schemes, DISTRICT_CODES } from '../contract/content';
import {
  EDUCATION,
  IMMIGRATION,
  LOOKED_AFTER,
  LOOKED_AFTER_BY,
  PARENT,
  TENANCY,
  ageOn,
  evaluate,
  groupResults,
  sanitizeAnswers,
  type Answers,
  type EligibilityPack,
  type Outcome,
  type Result,
} from './eligibility';

// The real Kent pack, parsed by its contract, so the rules are tested against the facts users see.
const pack: EligibilityPack = {
  entitlements: EntitlementFactsList.parse(entitlementsJson),
  districts: DistrictPolicyList.parse(districtsJson),
  schemes: Schemes.parse(schemesJson),
};

const THANET = 'E07000114';
const MEDWAY = 'E06000035';
const FOLKESTONE = 'E07000112';
const DARTFORD = 'E07000107'; // no source checked for a local discount
const TODAY = '2026-11-23';

const kentCareLeaver = (age: number | 'not_sure', more: Answers = {}): Answers => ({
  age,
  lookedAfter: 'yes_13_weeks',
  lookedAfterBy: 'kent',
  district: THANET,
  ...more,
});

const resultFor = (answers: Answers, id: string): Result => {
  const result = evaluate(answers, pack, { today: TODAY }).find((r) => r.entitlementId === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
};
const outcome = (answers: Answers, id: string): Outcome => resultFor(answers, id).outcome;
const reasonKeys = (answers: Answers, id: string) => resultFor(answers, id).reasons.map((r) => r.key.replace('check.reason.', ''));
const stepKeys = (answers: Answers, id: string) => resultFor(answers, id).nextSteps.map((s) => s.key.replace('check.step.', ''));

const localDiscount = (code: string) => pack.districts.find((d) => d.code === code)?.councilTax.localDiscount?.status;

describe('council tax: a Kent care leaver (KCC pays from 18 until the 21st birthday, wherever they live)', () => {
  it.each([
    [17, 'not_eligible'],
    [18, 'eligible'],
    [20, 'eligible'],
    [21, 'not_eligible'],
    [24, 'not_eligible'],
    [25, 'not_eligible'],
    [26, 'not_eligible'],
  ] as const)('aged %i in Thanet → %s', (age, expected) => {
    expect(outcome(kentCareLeaver(age), 'council_tax')).toBe(expected);
  });

  it('at 19 in Thanet the reason is "Kent County Council pays it until you are 21"', () => {
    const r = resultFor(kentCareLeaver(19), 'council_tax');
    expect(r.reasons[0]).toEqual({ key: 'check.reason.ct_kcc_pays', values: { until: 21 } });
    expect(r.reasons).toContainEqual({ key: 'check.reason.ct_kcc_where_you_live', values: { district: THANET } });
    expect(stepKeys(kentCareLeaver(19), 'council_tax')).toEqual(['claim_discounts_first', 'give_bill_to_pa', 'check_each_year']);
  });

  it('at 22 in Thanet it says why: KCC stopped at 21 and Thanet has no scheme of its own', () => {
    expect(localDiscount(THANET)).toBe('none_found');
    expect(reasonKeys(kentCareLeaver(22), 'council_tax')).toEqual(['ct_kcc_ended', 'ct_none_found']);
    expect(resultFor(kentCareLeaver(22), 'council_tax').reasons[0]!.values).toEqual({ until: 21 });
    expect(stepKeys(kentCareLeaver(22), 'council_tax')).toContain('council_tax_support');
  });

  it('at 17 it says council tax starts at 18 and KCC will pay from then', () => {
    expect(reasonKeys(kentCareLeaver(17), 'council_tax')).toEqual(['ct_under_18', 'ct_kcc_from']);
  });

  it.each(pack.districts.map((d) => [d.name, d.code] as const))('aged 19, living in %s: KCC pays', (_name, code) => {
    const r = resultFor(kentCareLeaver(19, { district: code }), 'council_tax');
    // Outside England council tax may not exist or work differently: not settled, but still the KCC reason first.
    expect(r.outcome).toBe(code === 'outside_england' ? 'likely' : 'eligible');
    expect(r.reasons[0]!.key).toBe('check.reason.ct_kcc_pays');
  });

  it('a Kent care leaver in Medway or in London still gets it until 21', () => {
    expect(outcome(kentCareLeaver(20, { district: MEDWAY }), 'council_tax')).toBe('eligible');
    expect(outcome(kentCareLeaver(20, { district: 'elsewhere_england' }), 'council_tax')).toBe('eligible');
    expect(outcome(kentCareLeaver(21, { district: 'elsewhere_england' }), 'council_tax')).toBe('ask_pa');
  });

  it.each(pack.districts.map((d) => [d.name, d.code] as const))('aged 22, living in %s: never "eligible", always a reason', (_name, code) => {
    const r = resultFor(kentCareLeaver(22, { district: code }), 'council_tax');
    expect(r.outcome).not.toBe('eligible');
    expect(r.reasons[0]!.key).toBe('check.reason.ct_kcc_ended');
    expect(r.reasons.length).toBeGreaterThanOrEqual(2);
    const status = localDiscount(code);
    if (status === 'none_found') expect(r.outcome).toBe('not_eligible');
    if (status === 'not_checked') expect(r.outcome).toBe('ask_pa');
    if (code === MEDWAY) expect(reasonKeys(kentCareLeaver(22, { district: code }), 'council_tax')).toContain('ct_medway_may_cover');
  });

  it('a district with no source checked gives ask_pa after 21, not "not eligible"', () => {
    expect(localDiscount(DARTFORD)).toBe('not_checked');
    expect(outcome(kentCareLeaver(23, { district: DARTFORD }), 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(kentCareLeaver(23, { district: DARTFORD }), 'council_tax')).toContain('ct_not_checked');
  });

  it.each([
    [20, 'eligible', 'ct_kcc_pays'],
    [21, 'not_eligible', 'ct_local_proposed_other_ages'],
    [22, 'ask_pa', 'ct_local_proposed'],
    [24, 'ask_pa', 'ct_local_proposed'],
    [25, 'ask_pa', 'ct_local_proposed'],
    [26, 'not_eligible', 'ct_local_proposed_other_ages'],
  ] as const)('Folkestone and Hythe (22–25 motion, unverified) at %i → %s', (age, expected, reason) => {
    const answers = kentCareLeaver(age, { district: FOLKESTONE });
    expect(outcome(answers, 'council_tax')).toBe(expected);
    expect(reasonKeys(answers, 'council_tax')).toContain(reason);
  });

  it('the Folkestone and Hythe reason carries the ages and the year of the motion', () => {
    const reason = resultFor(kentCareLeaver(23, { district: FOLKESTONE }), 'council_tax').reasons[1]!;
    expect(reason.values).toEqual({ district: FOLKESTONE, from: 22, to: 25, year: '2020' });
  });

  it('counts the whole month of the 21st birthday (from a date of birth)', () => {
    const answers: Answers = { ...kentCareLeaver(19), age: undefined, dateOfBirth: '2005-11-02' };
    expect(evaluate(answers, pack, { today: '2026-11-23' }).find((r) => r.entitlementId === 'council_tax')?.outcome).toBe('eligible');
    const inDecember = evaluate(answers, pack, { today: '2026-12-01' }).find((r) => r.entitlementId === 'council_tax')!;
    expect(inDecember.outcome).toBe('not_eligible');
    const dayBefore = evaluate(answers, pack, { today: '2026-11-01' }).find((r) => r.entitlementId === 'council_tax')!;
    expect(dayBefore.outcome).toBe('eligible');
    expect(dayBefore.reasons.map((r) => r.key)).not.toContain('check.reason.ct_kcc_birthday_month');
  });
});

describe('council tax: a Medway care leaver (100% relief; no age limit in our sources → ask the PA)', () => {
  it.each([18, 20, 21, 24, 25, 26])('aged %i in Medway → ask_pa with the relief', (age) => {
    const answers: Answers = { age, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'medway', district: MEDWAY };
    expect(outcome(answers, 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(answers, 'council_tax')).toEqual(['ct_medway_relief', 'ct_medway_age_unknown', 'ct_medway_where_you_live']);
    expect(resultFor(answers, 'council_tax').reasons[0]!.values).toEqual({ percent: 100 });
  });

  it('aged 17 → not eligible (no council tax before 18)', () => {
    expect(outcome({ age: 17, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'medway', district: MEDWAY }, 'council_tax')).toBe('not_eligible');
  });

  it('living in a Kent district: the PA pays the bill, and KCC’s payment is not for them', () => {
    const answers: Answers = { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'medway', district: THANET };
    expect(outcome(answers, 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(answers, 'council_tax')).toEqual(expect.arrayContaining(['ct_medway_outside', 'ct_kcc_only_kent']));
    expect(outcome(answers, 'medway_council_tax_relief')).toBe('ask_pa');
  });

  it('a Kent care leaver aged 19 in Medway gets KCC’s payment, not Medway’s relief', () => {
    expect(outcome(kentCareLeaver(19, { district: MEDWAY }), 'council_tax')).toBe('eligible');
    expect(outcome(kentCareLeaver(19, { district: MEDWAY }), 'medway_council_tax_relief')).toBe('not_eligible');
    expect(outcome(kentCareLeaver(22, { district: MEDWAY }), 'medway_council_tax_relief')).toBe('ask_pa');
  });
});

describe('council tax: looked after by another council', () => {
  it.each(pack.districts.map((d) => [d.name, d.code] as const))('aged 19 in %s → ask_pa (their council may have a scheme)', (_n, code) => {
    const answers: Answers = { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'other', district: code };
    expect(outcome(answers, 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(answers, 'council_tax')).toContain('ct_own_council');
    if ((KENT_AREA_CODES as readonly string[]).includes(code) && code !== MEDWAY) {
      expect(reasonKeys(answers, 'council_tax')).toContain('ct_kcc_only_kent');
    }
    if (code === MEDWAY) expect(reasonKeys(answers, 'council_tax')).toContain('ct_medway_may_cover');
  });
});

describe('rent guarantor (verified only as at 2018–19: never settled as "eligible")', () => {
  it.each([
    [17, 'ask_pa'],
    [18, 'likely'],
    [20, 'likely'],
    [21, 'likely'],
    [24, 'likely'],
    [25, 'ask_pa'],
    [26, 'ask_pa'],
  ] as const)('a Kent care leaver aged %i renting privately in Thanet → %s', (age, expected) => {
    expect(outcome(kentCareLeaver(age, { tenancy: 'private_rented' }), 'rent_guarantor')).toBe(expected);
  });

  it('explains how: the PA applies, the head of the 18+ service approves, the rules date from 2019', () => {
    const answers = kentCareLeaver(19, { tenancy: 'private_rented' });
    expect(reasonKeys(answers, 'rent_guarantor')).toEqual(['rg_kcc_guarantor', 'rg_where_you_live', 'rg_private_renting', 'rg_ready', 'rg_rules_checked']);
    expect(resultFor(answers, 'rent_guarantor').reasons.at(-1)!.values).toEqual({ year: '2019' });
    expect(stepKeys(answers, 'rent_guarantor')).toEqual(['rg_pa_applies', 'rg_show_ready', 'ask_pa_confirm']);
  });

  it('not yet renting privately: "when you move"; social housing needs no guarantor → ask_pa', () => {
    expect(reasonKeys(kentCareLeaver(19, { tenancy: 'supported' }), 'rent_guarantor')).toContain('rg_when_you_move');
    expect(outcome(kentCareLeaver(19, { tenancy: 'supported' }), 'rent_guarantor')).toBe('likely');
    expect(outcome(kentCareLeaver(19, { tenancy: 'social_housing' }), 'rent_guarantor')).toBe('ask_pa');
  });

  it.each(pack.districts.map((d) => [d.name, d.code] as const))('a Kent care leaver aged 19 in %s gets an answer for that place', (_n, code) => {
    const r = resultFor(kentCareLeaver(19, { district: code, tenancy: 'private_rented' }), 'rent_guarantor');
    const inKent = pack.districts.find((d) => d.code === code)!.kind === 'district';
    expect(r.outcome).toBe(inKent ? 'likely' : 'ask_pa');
    expect(r.reasons).toContainEqual({ key: `check.reason.${inKent ? 'rg_where_you_live' : 'rg_outside_kent_unknown'}`, values: { district: code } });
  });

  it.each(['medway', 'other'] as const)('looked after by %s → ask_pa (KCC’s scheme is for Kent’s care leavers)', (by) => {
    const answers: Answers = { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: by, district: THANET, tenancy: 'private_rented' };
    expect(outcome(answers, 'rent_guarantor')).toBe('ask_pa');
    expect(reasonKeys(answers, 'rent_guarantor')).toEqual(['rg_kent_only', 'rg_other_councils']);
  });
});

describe('age-based national entitlements at their edges', () => {
  const cases: Array<[string, Answers['tenancy'] | undefined, Record<number, Outcome>]> = [
    // personal adviser to 25 (ageTo 24)
    ['personal_adviser', undefined, { 17: 'eligible', 18: 'eligible', 24: 'eligible', 25: 'not_eligible', 26: 'not_eligible' }],
    ['pathway_plan', undefined, { 17: 'eligible', 24: 'eligible', 26: 'eligible' }],
    // Staying Put to 21 with former foster carers
    ['staying_put', 'foster_carers', { 17: 'likely', 18: 'eligible', 20: 'eligible', 21: 'not_eligible', 24: 'not_eligible' }],
    // priority need automatic at 18–20; from 21 only if vulnerable
    ['priority_need', undefined, { 17: 'not_eligible', 18: 'eligible', 20: 'eligible', 21: 'ask_pa', 25: 'ask_pa' }],
    // shared accommodation rate exemption under 25
    ['uc_shared_rate_exemption', undefined, { 18: 'eligible', 24: 'eligible', 25: 'not_eligible', 26: 'not_eligible' }],
    ['vacation_accommodation', undefined, { 20: 'likely', 24: 'likely', 25: 'not_eligible' }],
    // Kent birthday allowance at 17 and 18
    ['birthday_allowance', undefined, { 16: 'not_eligible', 17: 'eligible', 18: 'eligible', 20: 'not_eligible' }],
  ];
  for (const [id, tenancy, byAge] of cases) {
    it.each(Object.entries(byAge))(`${id} at %s → %s`, (age, expected) => {
      expect(outcome(kentCareLeaver(Number(age), tenancy ? { tenancy } : {}), id)).toBe(expected);
    });
  }

  it('too old and too young say at which age it stops or starts', () => {
    expect(resultFor(kentCareLeaver(25), 'personal_adviser').reasons).toContainEqual({ key: 'check.reason.too_old', values: { until: 25 } });
    expect(resultFor(kentCareLeaver(16), 'birthday_allowance').reasons).toContainEqual({ key: 'check.reason.too_young', values: { from: 17 } });
    expect(resultFor(kentCareLeaver(20, { tenancy: 'foster_carers' }), 'staying_put').reasons).toContainEqual({
      key: 'check.reason.age_ok_until',
      values: { until: 21 },
    });
  });

  it('Staying Put is for those still with their foster carers', () => {
    expect(outcome(kentCareLeaver(19, { tenancy: 'private_rented' }), 'staying_put')).toBe('not_eligible');
    expect(outcome(kentCareLeaver(19), 'staying_put')).toBe('likely');
  });

  it('apprenticeship bursary: eligible in an apprenticeship under 25, "if you start one" otherwise', () => {
    expect(outcome(kentCareLeaver(24, { education: 'apprenticeship' }), 'apprenticeship_bursary')).toBe('eligible');
    expect(outcome(kentCareLeaver(25, { education: 'apprenticeship' }), 'apprenticeship_bursary')).toBe('not_eligible');
    expect(resultFor(kentCareLeaver(20, { education: 'work' }), 'apprenticeship_bursary').reasons).toContainEqual({
      key: 'check.reason.if_apprenticeship',
      values: { until: 25 },
    });
  });

  it('priority need: a university student is asked to check with the PA', () => {
    expect(outcome(kentCareLeaver(19, { education: 'university' }), 'priority_need')).toBe('ask_pa');
  });
});

describe('which council looked after them', () => {
  it('Kent’s own offer is not for a Medway or another council’s care leaver, and says why', () => {
    for (const by of ['medway', 'other'] as const) {
      const answers: Answers = { age: 17, lookedAfter: 'yes_13_weeks', lookedAfterBy: by, district: THANET };
      expect(outcome(answers, 'birthday_allowance')).toBe('not_eligible');
      expect(reasonKeys(answers, 'birthday_allowance')).toEqual(['kent_only']);
      expect(stepKeys(answers, 'birthday_allowance')).toEqual(['own_local_offer']);
      expect(outcome(answers, 'personal_adviser')).toBe('eligible'); // national
    }
  });

  it('Medway’s offer is for Medway’s care leavers', () => {
    const medway: Answers = { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'medway', district: MEDWAY };
    expect(outcome(medway, 'medway_setting_up_home')).toBe('eligible');
    expect(outcome(kentCareLeaver(19), 'medway_setting_up_home')).toBe('not_eligible');
  });

  it('an unverified Kent fact is "likely" with "ask your PA to confirm", never "eligible"', () => {
    const r = resultFor(kentCareLeaver(19), 'setting_up_home');
    expect(pack.entitlements.find((e) => e.id === 'setting_up_home')!.verified).toBe(false);
    expect(r.outcome).toBe('likely');
    expect(r.reasons.map((x) => x.key)).toContain('check.reason.unverified');
    expect(r.nextSteps.map((x) => x.key)).toContain('check.step.ask_pa_confirm');
  });
});

describe('"not sure", skipped and "prefer not to say"', () => {
  it('age not sure → council tax ask_pa, age-limited items ask_pa, nothing "not eligible" because of it', () => {
    const answers = kentCareLeaver('not_sure');
    expect(outcome(answers, 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(answers, 'council_tax')).toContain('age_unknown');
    expect(outcome(answers, 'personal_adviser')).toBe('ask_pa');
    expect(outcome(answers, 'rent_guarantor')).toBe('ask_pa');
  });

  it('not sure about having been in care → "likely" at best', () => {
    const answers = kentCareLeaver(19, { lookedAfter: 'not_sure' });
    expect(outcome(answers, 'council_tax')).toBe('likely');
    expect(reasonKeys(answers, 'council_tax')).toContain('care_leaver_not_sure');
    expect(evaluate(answers, pack).filter((r) => r.outcome === 'eligible').map((r) => r.entitlementId)).toEqual(['housing_repairs']);
  });

  it('not sure which council → ask_pa, mentioning Kent’s and Medway’s schemes', () => {
    const answers = kentCareLeaver(19, { lookedAfterBy: 'not_sure' });
    expect(outcome(answers, 'council_tax')).toBe('ask_pa');
    expect(reasonKeys(answers, 'council_tax')).toEqual(['which_council_unknown', 'ct_if_kent', 'ct_if_medway']);
    expect(outcome(answers, 'rent_guarantor')).toBe('ask_pa');
  });

  it('district not sure → KCC still pays at 19 (anywhere); at 22 ask_pa', () => {
    expect(outcome(kentCareLeaver(19, { district: 'not_sure' }), 'council_tax')).toBe('eligible');
    expect(reasonKeys(kentCareLeaver(19, { district: 'not_sure' }), 'council_tax')).toContain('ct_kcc_anywhere');
    expect(outcome(kentCareLeaver(22, { district: 'not_sure' }), 'council_tax')).toBe('ask_pa');
  });

  it.each(['prefer_not_to_say', 'not_sure'] as const)('parent: %s → ask_pa with the reason', (parent) => {
    const answers = kentCareLeaver(19, { parent });
    expect(outcome(answers, 'parent_support')).toBe('ask_pa');
    expect(reasonKeys(answers, 'parent_support')).toContain(parent === 'prefer_not_to_say' ? 'prefer_not_to_say' : 'answer_unknown');
  });

  it('parent: yes → likely (Kent’s parent support is unverified); no → not eligible', () => {
    expect(outcome(kentCareLeaver(19, { parent: 'yes' }), 'parent_support')).toBe('likely');
    expect(outcome(kentCareLeaver(19, { parent: 'no' }), 'parent_support')).toBe('not_eligible');
    // "Not for you right now, because …": the deciding reason comes first
    expect(reasonKeys(kentCareLeaver(19, { parent: 'no' }), 'parent_support')[0]).toBe('parent_no');
    expect(reasonKeys(kentCareLeaver(25), 'personal_adviser')[0]).toBe('too_old');
  });

  it('immigration: prefer not to say → ask_pa; British → not eligible for immigration advice; asylum → eligible', () => {
    expect(outcome(kentCareLeaver(19, { immigration: 'prefer_not_to_say' }), 'immigration_advice')).toBe('ask_pa');
    expect(reasonKeys(kentCareLeaver(19, { immigration: 'prefer_not_to_say' }), 'immigration_advice')).toContain('prefer_not_to_say');
    expect(outcome(kentCareLeaver(19, { immigration: 'british_irish' }), 'immigration_advice')).toBe('not_eligible');
    expect(outcome(kentCareLeaver(19, { immigration: 'asylum_pending' }), 'immigration_advice')).toBe('eligible');
    expect(outcome(kentCareLeaver(19, { immigration: 'not_sure' }), 'immigration_advice')).toBe('likely');
  });

  it('tenancy prefer not to say → custody help ask_pa; in custody → offered', () => {
    expect(outcome(kentCareLeaver(19, { tenancy: 'prefer_not_to_say' }), 'release_housing')).toBe('ask_pa');
    expect(outcome(kentCareLeaver(19, { tenancy: 'private_rented' }), 'release_housing')).toBe('not_eligible');
    expect(outcome(kentCareLeaver(19, { tenancy: 'custody' }), 'rent_guarantor')).toBe('ask_pa');
  });

  it('education prefer not to say → university help is "likely" (if you go), not "not eligible"', () => {
    expect(outcome(kentCareLeaver(19, { education: 'prefer_not_to_say' }), 'vacation_accommodation')).toBe('likely');
    expect(outcome(kentCareLeaver(19, { education: 'work' }), 'vacation_accommodation')).toBe('not_eligible');
    expect(outcome(kentCareLeaver(19, { education: 'university' }), 'he_bursary')).toBe('eligible');
  });

  it('with no answers at all, nothing is "not eligible" and nothing but repairs is "eligible"', () => {
    const results = evaluate({}, pack);
    expect(results.filter((r) => r.outcome === 'not_eligible')).toEqual([]);
    expect(results.filter((r) => r.outcome === 'eligible').map((r) => r.entitlementId)).toEqual(['housing_repairs']);
  });

  it('not a care leaver → everything but the help for everyone is "not for you", with the reason', () => {
    const results = evaluate({ age: 19, lookedAfter: 'no', district: THANET }, pack);
    for (const r of results.filter((x) => x.entitlementId !== 'housing_repairs')) {
      expect(r.outcome).toBe('not_eligible');
      expect(r.reasons[0]!.key).toBe('check.reason.not_care_leaver');
    }
  });
});

describe('the shape of the results', () => {
  it('one result per entitlement, council tax and rent guarantor first', () => {
    const results = evaluate(kentCareLeaver(19), pack);
    expect(results.map((r) => r.entitlementId).slice(0, 2)).toEqual(['council_tax', 'rent_guarantor']);
    expect(new Set(results.map((r) => r.entitlementId))).toEqual(new Set(pack.entitlements.map((e) => e.id)));
  });

  it('groups: eligible, maybe (likely + ask_pa), not eligible', () => {
    const groups = groupResults(evaluate(kentCareLeaver(19), pack));
    expect(groups.eligible.every((r) => r.outcome === 'eligible')).toBe(true);
    expect(groups.maybe.every((r) => r.outcome === 'likely' || r.outcome === 'ask_pa')).toBe(true);
    expect(groups.eligible.length + groups.maybe.length + groups.notEligible.length).toBe(pack.entitlements.length);
  });

  const messages = en as unknown as Record<string, Record<string, Record<string, string>>>;
  const answerArb = fc.record(
    {
      age: fc.oneof(fc.integer({ min: 10, max: 30 }), fc.constant('not_sure' as const)),
      dateOfBirth: fc.constantFrom('2000-02-29', '2005-11-02', '2007-01-15', '2010-06-30'),
      lookedAfter: fc.constantFrom(...LOOKED_AFTER),
      lookedAfterBy: fc.constantFrom(...LOOKED_AFTER_BY),
      district: fc.constantFrom(...DISTRICT_CODES, 'not_sure' as const),
      education: fc.constantFrom(...EDUCATION),
      tenancy: fc.constantFrom(...TENANCY),
      parent: fc.constantFrom(...PARENT),
      immigration: fc.constantFrom(...IMMIGRATION),
    },
    { requiredKeys: [] },
  );

  it('for any answers: every message key exists in locales/en.json with every placeholder given', () => {
    fc.assert(
      fc.property(answerArb, (answers) => {
        for (const r of evaluate(answers, pack, { today: TODAY })) {
          expect(r.reasons.length, `${r.entitlementId} has a reason`).toBeGreaterThan(0);
          for (const m of [...r.reasons, ...r.nextSteps]) {
            const [, group, leaf] = m.key.split('.');
            const text = messages.check?.[group!]?.[leaf!];
            expect(text, m.key).toBeTypeOf('string');
            for (const [, name] of text!.matchAll(/\{(\w+)\}/g)) expect(m.values, `${m.key} needs {${name}}`).toHaveProperty(name!);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for any answers: the rent guarantor and unverified facts are never "eligible"; evaluate is pure', () => {
    const unverified = new Set(pack.entitlements.filter((e) => !e.verified).map((e) => e.id));
    fc.assert(
      fc.property(answerArb, (answers) => {
        const copy = structuredClone(answers);
        const results = evaluate(answers, pack, { today: TODAY });
        expect(answers).toEqual(copy);
        expect(evaluate(answers, pack, { today: TODAY })).toEqual(results);
        for (const r of results) {
          if (r.entitlementId === 'rent_guarantor' || unverified.has(r.entitlementId)) expect(r.outcome).not.toBe('eligible');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for any answers: skipping a question never turns "not for you" into a harder "no" elsewhere', () => {
    // Dropping an answer can only move a result towards "ask your PA", never to "not eligible" from "eligible".
    fc.assert(
      fc.property(answerArb, fc.constantFrom('education', 'tenancy', 'parent', 'immigration', 'district') as fc.Arbitrary<keyof Answers>, (answers, drop) => {
        const full = evaluate(answers, pack, { today: TODAY });
        const partial = evaluate({ ...answers, [drop]: undefined }, pack, { today: TODAY });
        full.forEach((r, i) => {
          if (r.outcome === 'eligible') expect(partial[i]!.outcome).not.toBe('not_eligible');
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('ageOn and sanitizeAnswers', () => {
  it.each([
    ['2005-11-23', '2026-11-23', 21],
    ['2005-11-24', '2026-11-23', 20],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2026-13-01', '2026-11-23', null],
    ['2030-01-01', '2026-11-23', null],
  ])('born %s, on %s → %s', (born, today, expected) => {
    expect(ageOn(born, today)).toBe(expected);
  });

  it('keeps known values and drops anything else', () => {
    const codes = pack.districts.map((d) => d.code);
    expect(
      sanitizeAnswers(
        { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', district: THANET, tenancy: 'castle', parent: 'prefer_not_to_say', extra: 1 },
        codes,
      ),
    ).toEqual({ age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', district: THANET, parent: 'prefer_not_to_say' });
    expect(sanitizeAnswers({ age: 19.5, district: 'E99999999', dateOfBirth: '2001-02-30' }, codes)).toEqual({});
    expect(sanitizeAnswers('nonsense', codes)).toEqual({});
    expect(sanitizeAnswers({ age: 'not_sure', district: 'not_sure' }, codes)).toEqual({ age: 'not_sure', district: 'not_sure' });
  });
});
