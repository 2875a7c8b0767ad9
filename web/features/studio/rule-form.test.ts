import { describe, expect, it } from 'vitest';
import eligibility from '../../../content/kent/eligibility.json';
import type { EligibilityRulesInput } from '#contract/eligibility';
import { problemsByField } from './form-values';
import {
  factChoices,
  factItem,
  messageExamples,
  ruleFields,
  setAge,
  valueFromInput,
  within,
  withValue,
} from './rule-form';
import type { RouteInput } from './rule-form';

const rules = eligibility as unknown as EligibilityRulesInput;
const councilTax = rules.entitlements.find((e) => e.id === 'council_tax')!;

describe("the rules form's values", () => {
  it('keeps a value box as a number when it is one, and takes an emptied one out', () => {
    expect(valueFromInput(' 21 ')).toBe(21);
    expect(valueFromInput('E07000112')).toBe('E07000112');
    expect(valueFromInput('  ')).toBeUndefined();
    const message = { key: 'ct_kcc_pays', values: { until: 21 } };
    expect(withValue(message, 'until', '22')).toEqual({ key: 'ct_kcc_pays', values: { until: 22 } });
    expect(withValue(message, 'until', '')).toEqual({ key: 'ct_kcc_pays' });
    expect(message.values.until).toBe(21);
  });

  it('finds the item a fact is kept in', () => {
    expect(factItem('schemes.councilTax.kcc', 'council_tax')).toEqual({ key: 'schemes', at: 'councilTax.kcc' });
    expect(factItem('districts.E07000112.councilTax.localDiscount', 'council_tax')).toEqual({
      key: 'districts.E07000112',
      at: 'councilTax.localDiscount',
    });
    expect(factItem(undefined, 'council_tax')).toEqual({ key: 'entitlements.council_tax', at: '' });
  });

  it("offers the facts a way can name: the page's own, the schemes', each district's", () => {
    const choices = factChoices(['E07000105', 'E07000112']);
    const paths = choices.map((c) => c.path);
    // every fact the shipped rules name is offered, so the form shows it as chosen
    const named = councilTax.routes.map((r) => r.fact).filter((f): f is string => !!f);
    for (const fact of named) expect(paths).toContain(fact);
    expect(choices[0]).toEqual({ path: '', group: null });
    expect(choices).toContainEqual({
      path: 'districts.E07000105.councilTax.localDiscount',
      group: 'local_discount',
      district: 'E07000105',
    });
    expect(paths).toHaveLength(4 + 2 * 3);
  });

  it('knows the values each message is given in the rules', () => {
    const examples = messageExamples(rules);
    expect(examples.get('reasons:ct_kcc_pays')).toEqual({ until: 21 });
    expect(examples.get('steps:give_bill_to_pa')).toEqual({});
    expect(examples.has('steps:ct_kcc_pays')).toBe(false);
  });

  it("puts the server's problems beside the route's fields, named by the route's id", () => {
    const fields = ruleFields(councilTax, [{ path: 'livesIn.kinds', kind: 'choices', label: 'cond_kinds' }]);
    const at = 'eligibility.entitlements.council_tax';
    const { byField, others } = problemsByField('', fields, {
      [`${at}.routes.kcc_pays.gives`]: 'Invalid option',
      [`${at}.routes.kcc_pays.reasons.0.key`]: 'no words',
      [`${at}.routes.kcc_pays.caveats.1.when.livesIn.kinds.0`]: 'Invalid option',
      [`${at}.otherwise.steps.1.key`]: 'no words',
      [`${at}.weight`]: 'Too big',
    });
    expect(Object.keys(byField)).toEqual([
      `${at}.routes.kcc_pays.gives`,
      `${at}.routes.kcc_pays.reasons`,
      `${at}.routes.kcc_pays.caveats.1.when.livesIn.kinds`,
      `${at}.otherwise.steps`,
    ]);
    expect(Object.keys(others)).toEqual([`${at}.weight`]);
    expect(within(byField, `${at}.routes.kcc_pays`)).toEqual({
      gives: 'Invalid option',
      reasons: 'no words',
      'caveats.1.when.livesIn.kinds': 'Invalid option',
    });
  });

  it("moves the age a route's messages name with its age limit", () => {
    const route = structuredClone(councilTax.routes.find((r) => r.id === 'kcc_pays')!) as RouteInput;
    setAge(route, 'to', '21');
    expect(route.when.age).toMatchObject({ from: 18, to: 21 });
    expect(route.reasons![0]).toEqual({ key: 'ct_kcc_pays', values: { until: 22 } });
    setAge(route, 'from', '');
    setAge(route, 'to', '');
    expect(route.when.age).toEqual({ toBirthdayMonth: true });
  });
});
