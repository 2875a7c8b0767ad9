/**
 * The advice pinned down, person by person: content/kent/scenarios.json is a table of named people (age,
 * care-leaver category, looking-after council, district, immigration status, home, parent or custody) and
 * the outcome the rules must give each of them. The table is data, so the content studio can run it too.
 * Then the same evaluator runs a test pack that splits Kent into new unitary councils (tests/fixtures/lgr-2028/):
 * adding councils is a change to the pack only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DistrictPolicyList, EntitlementFactsList, Schemes } from '../../api/contract/content';
import { EligibilityRules, Scenario } from '../../api/contract/eligibility';
import { arrangeResults, evaluate, type Answers, type EligibilityPack } from '../../api/rules/eligibility';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(root(path), 'utf8'));

function loadPack(dir: string): EligibilityPack {
  return {
    entitlements: EntitlementFactsList.parse(readJson(`${dir}/entitlements.json`)),
    districts: DistrictPolicyList.parse(readJson(`${dir}/districts.json`)),
    schemes: Schemes.parse(readJson(`${dir}/schemes.json`)),
    rules: EligibilityRules.parse(readJson(`${dir}/eligibility.json`)),
  };
}

function run(pack: EligibilityPack, scenarios: Scenario[]) {
  it('has at least 40 people', () => expect(scenarios.length).toBeGreaterThanOrEqual(40));
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const results = evaluate(s.answers as Answers, pack, { today: s.today ?? '2026-12-07' });
    const got = Object.fromEntries(results.map((r) => [r.entitlementId, r.outcome]));
    for (const [id, want] of Object.entries(s.expect)) {
      expect(
        results.some((r) => r.entitlementId === id),
        `${id} has a result`,
      ).toBe(true);
      expect(
        Array.isArray(want) ? want : [want],
        `${id}: ${JSON.stringify(results.find((r) => r.entitlementId === id)?.reasons.map((m) => m.key))}`,
      ).toContain(got[id]);
    }
    const arranged = arrangeResults(results, pack.rules);
    const order = [...arranged.urgent, ...arranged.headline, ...arranged.top].map((r) => r.entitlementId);
    if (s.first) expect(order.slice(0, s.first.length)).toEqual(s.first);
    else expect(arranged.urgent).toEqual([]);
    const keys = results.flatMap((r) => [...r.reasons, ...r.nextSteps].map((m) => m.key));
    for (const key of s.says ?? []) expect(keys, key).toContain(key);
    // Information pages are never "you can get this".
    for (const r of results) {
      const rule = pack.rules.entitlements.find((e) => e.id === r.entitlementId)!;
      if (rule.kind === 'info') expect(r.outcome, r.entitlementId).not.toBe('eligible');
    }
  });
}

describe('Kent: the people of the scenario table', () => {
  const pack = loadPack('content/kent');
  const scenarios = Scenario.array().parse(readJson('content/kent/scenarios.json'));
  run(pack, scenarios);

  it('KCC council tax is not confirmed current, so it is never "you can get this"', () => {
    for (const s of scenarios) {
      const ct = evaluate(s.answers as Answers, pack, { today: s.today }).find(
        (r) => r.entitlementId === 'council_tax',
      );
      expect(ct?.outcome, s.name).not.toBe('eligible');
    }
  });

  it('every Kent area appears at 18, 20, 21 and 25', () => {
    for (const d of pack.districts.filter((x) => x.kind === 'district' || x.kind === 'unitary')) {
      for (const age of [18, 20, 21, 25]) {
        expect(
          scenarios.some((s) => s.answers.district === d.code && s.answers.age === age),
          `${d.name} at ${age}`,
        ).toBe(true);
      }
    }
  });
});

describe('Kent split into unitary councils (April 2028 test pack): the same evaluator, no code change', () => {
  const pack = loadPack('tests/fixtures/lgr-2028');
  const scenarios = Scenario.array().parse(readJson('tests/fixtures/lgr-2028/scenarios.json'));
  run(pack, scenarios);
});
