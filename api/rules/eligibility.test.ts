import { describe, expect, it } from 'vitest';
import entitlementsJson from '#content/kent/entitlements.json';
import districtsJson from '#content/kent/districts.json';
import schemesJson from '#content/kent/schemes.json';
import rulesJson from '#content/kent/eligibility.json';
import type { DistrictPolicyList, EntitlementFactsList, Schemes } from '../contract/content';
import type { EligibilityRulesInput } from '../contract/eligibility';
import { ageOn, arrangeResults, evaluate, sanitizeAnswers, type Answers, type EligibilityPack } from './eligibility';

const pack: EligibilityPack = {
  entitlements: entitlementsJson as unknown as EntitlementFactsList,
  districts: districtsJson as unknown as DistrictPolicyList,
  schemes: schemesJson as unknown as Schemes,
  rules: rulesJson as unknown as EligibilityRulesInput,
};
const THANET = 'E07000114';
const kent19: Answers = {
  age: 19,
  lookedAfter: 'yes_13_weeks',
  lookedAfterBy: 'kent',
  district: THANET,
  immigration: 'british_irish',
};
const result = (answers: Answers, id: string, today = '2026-12-07') =>
  evaluate(answers, pack, { today }).find((r) => r.entitlementId === id)!;
const keys = (answers: Answers, id: string, today?: string) =>
  result(answers, id, today).reasons.map((m) => m.key.replace('check.reason.', ''));

describe('one generic evaluator, the conditions in the pack', () => {
  it('reads the KCC council tax currency flag: not confirmed current gives "you might get this"', () => {
    expect(pack.schemes.councilTax.kcc.currentVerified).toBe(false);
    const ct = result(kent19, 'council_tax');
    expect(ct.outcome).toBe('likely');
    expect(ct.reasons[0]).toEqual({
      key: 'check.reason.ct_kcc_pays',
      values: { until: 21, from: 18, district: THANET },
    });
    expect(ct.nextSteps.map((s) => s.key)).toContain('check.step.ask_pa_confirm');
    const confirmed: EligibilityPack = {
      ...pack,
      schemes: {
        ...pack.schemes,
        councilTax: { ...pack.schemes.councilTax, kcc: { ...pack.schemes.councilTax.kcc, currentVerified: true } },
      },
    };
    expect(evaluate(kent19, confirmed).find((r) => r.entitlementId === 'council_tax')!.outcome).toBe('eligible');
  });

  it('an unverified negative (no scheme found) is "ask your PA", never "not for you"', () => {
    expect(result({ ...kent19, age: 22 }, 'council_tax').outcome).toBe('ask_pa');
    expect(keys({ ...kent19, age: 22 }, 'council_tax')).toEqual(['ct_kcc_ended', 'ct_none_found']);
  });

  it('Folkestone and Hythe pays Kent care leavers aged 21 to 25', () => {
    for (const age of [21, 23, 25])
      expect(keys({ ...kent19, age, district: 'E07000112' }, 'council_tax')).toContain('ct_fh_support');
  });

  it('KCC pays for the whole month of the 21st birthday (with a date of birth)', () => {
    const answers: Answers = { ...kent19, age: undefined, dateOfBirth: '2005-12-02' };
    expect(keys(answers, 'council_tax')).toContain('birthday_month');
    expect(keys(answers, 'council_tax', '2027-01-02')).toContain('ct_kcc_ended');
  });

  it('unknown answers never give "not for you" on their own', () => {
    for (const r of evaluate({}, pack))
      if (r.outcome === 'not_eligible') expect(r.reasons[0]!.key).not.toMatch(/unknown|not_sure/);
    expect(result({ ...kent19, lookedAfterBy: 'not_sure' }, 'council_tax').outcome).toBe('ask_pa');
  });

  it('age limits end things: a 27-year-old no longer has a PA, pathway plan or bursary', () => {
    for (const id of ['personal_adviser', 'pathway_plan', 'he_bursary', 'uc_shared_rate_exemption'])
      expect(result({ ...kent19, age: 27 }, id).outcome, id).toBe('not_eligible');
    expect(result({ ...kent19, age: 17 }, 'uc_shared_rate_exemption').outcome).toBe('not_eligible');
  });

  it('immigration status follows the law for benefits, homelessness help, work and voting', () => {
    const waiting: Answers = { ...kent19, immigration: 'asylum_pending' };
    expect(result(waiting, 'universal_credit_help').outcome).toBe('not_eligible');
    expect(result(waiting, 'priority_need').reasons[0]!.key).toBe('check.reason.status_housing_assistance_no');
    expect(result({ ...waiting, education: 'apprenticeship' }, 'apprenticeship_bursary').outcome).toBe('not_eligible');
    expect(result({ ...kent19, immigration: 'refugee' }, 'voter_registration').outcome).toBe('not_eligible');
    expect(result(kent19, 'voter_registration').outcome).toBe('eligible');
  });

  it('no appeals left or no recourse to public funds: urgent legal advice first, support can continue', () => {
    for (const immigration of ['refused_no_appeal', 'nrpf'] as const) {
      const arranged = arrangeResults(evaluate({ ...kent19, immigration }, pack), pack.rules);
      expect(arranged.urgent.map((r) => r.entitlementId)).toEqual(['urgent_legal_advice']);
      expect(arranged.urgent[0]!.nextSteps.map((s) => s.key)).toContain('check.step.legal_advice_now');
    }
    expect(arrangeResults(evaluate({ ...kent19, immigration: 'not_sure' }, pack), pack.rules).urgent).toEqual([]);
  });

  it("a homeless 16- or 17-year-old is told to contact children's services now", () => {
    const pn = result({ age: 16, tenancy: 'no_home' }, 'priority_need');
    expect(pn).toMatchObject({ outcome: 'ask_pa', urgent: true });
    expect(pn.nextSteps.map((s) => s.key)).toContain('check.step.contact_childrens_services');
  });

  it('priority need from 21 is not only about care: pregnancy, children, custody count too', () => {
    expect(keys({ ...kent19, age: 23 }, 'priority_need')).toEqual(
      expect.arrayContaining(['priority_need_21_plus', 'priority_need_others']),
    );
    expect(result({ ...kent19, age: 23, parent: 'expecting' }, 'priority_need').outcome).toBe('eligible');
  });

  it('information pages are never "you can get this"', () => {
    expect(result(kent19, 'local_offer').outcome).toBe('info');
    expect(result(kent19, 'care_leaver_status').outcome).toBe('info');
  });

  it('results: urgent, then council tax and rent guarantor, then what changes most, the rest folded', () => {
    const a = arrangeResults(evaluate(kent19, pack), pack.rules);
    expect(a.headline.map((r) => r.entitlementId)).toEqual(['council_tax', 'rent_guarantor']);
    expect(a.top.length).toBeLessThanOrEqual(pack.rules.topCount);
    expect(a.top.every((r) => r.outcome === 'eligible' || r.outcome === 'likely')).toBe(true);
    expect(a.other.length + a.top.length + a.headline.length + a.notForYou.length).toBe(evaluate(kent19, pack).length);
  });
});

describe('answers', () => {
  it('works out age from a date of birth', () => {
    expect(ageOn('2006-03-01', '2026-02-28')).toBe(19);
    expect(ageOn('2006-03-01', '2026-03-01')).toBe(20);
    expect(ageOn('nonsense', '2026-03-01')).toBeNull();
  });
  it('drops stored answers that are not valid now, and reads an old status as its new name', () => {
    const codes = pack.districts.map((d) => d.code);
    expect(
      sanitizeAnswers(
        { age: 19, lookedAfterBy: 'kent', district: 'nowhere', immigration: 'settled_or_leave', parent: 'maybe' },
        codes,
        ['kent', 'medway', 'other'],
      ),
    ).toEqual({
      age: 19,
      lookedAfterBy: 'kent',
      immigration: 'other_leave',
    });
    expect(sanitizeAnswers({ lookedAfterBy: 'kent' }, codes, ['west_kent'])).toEqual({});
  });
});
