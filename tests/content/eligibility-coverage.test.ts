/**
 * The content pack and the eligibility rules (api/rules/eligibility.ts) together: whatever the pack
 * holds, "What can I get?" must answer council tax and the rent guarantor for every district, and
 * every reason the rules can give must have words in English and Arabic.
 * (The pack's own checks — sources, lastChecked, easy read, languages — are in content.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DistrictPolicyList, EntitlementFactsList, PackManifest, Schemes } from '../../api/contract/content';
import { EligibilityRules } from '../../api/contract/eligibility';
import { IMMIGRATION } from '../../api/rules/answers';
import { evaluate, type Answers, type EligibilityPack } from '../../api/rules/eligibility';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(root(path), 'utf8'));

const manifest = PackManifest.parse(readJson('content/kent/pack.json'));
const pack: EligibilityPack = {
  entitlements: EntitlementFactsList.parse(readJson('content/kent/entitlements.json')),
  districts: DistrictPolicyList.parse(readJson('content/kent/districts.json')),
  schemes: Schemes.parse(readJson('content/kent/schemes.json')),
  rules: EligibilityRules.parse(readJson('content/kent/eligibility.json')),
};
const HEADLINE_IDS = pack.rules.headline;

const AGES = [17, 18, 20, 21, 24, 25, 26] as const;
const COUNCILS = [...pack.rules.councils.map((c) => c.id), 'other', 'not_sure'];

/** The answers of many people: every district × every council × the edge ages. */
const people: Answers[] = pack.districts.flatMap((d) =>
  COUNCILS.flatMap((by) =>
    AGES.map((age): Answers => ({ age, lookedAfter: 'yes_13_weeks', lookedAfterBy: by, district: d.code })),
  ),
);

describe('every district gets an answer', () => {
  it('the pack has the entitlements the check leads with', () => {
    const ids = pack.entitlements.map((e) => e.id);
    for (const id of [...HEADLINE_IDS, 'medway_council_tax_relief']) expect(ids, id).toContain(id);
  });

  it.each(pack.districts.map((d) => [d.name, d.code] as const))(
    '%s: a council tax and a rent guarantor result, with reasons',
    (_name, code) => {
      for (const answers of people.filter((p) => p.district === code)) {
        const results = evaluate(answers, pack, { today: '2026-11-23' });
        for (const id of HEADLINE_IDS) {
          const found = results.filter((r) => r.entitlementId === id);
          expect(found, `${id} for ${JSON.stringify(answers)}`).toHaveLength(1);
          expect(found[0]!.reasons.length, `${id} reasons for ${JSON.stringify(answers)}`).toBeGreaterThan(0);
        }
        const rg = results.find((r) => r.entitlementId === 'rent_guarantor')!;
        const ct = results.find((r) => r.entitlementId === 'council_tax')!;
        expect(ct.outcome, 'KCC council tax is not confirmed current: never settled').not.toBe('eligible');
        expect(rg.outcome, 'the rent guarantor rules date from 2018–19: never settled').not.toBe('eligible');
      }
    },
  );

  it.each(pack.districts.map((d) => [d.name, d.code] as const))(
    '%s: a Kent care leaver aged 18 to 20 has KCC paying their council tax (ask the PA to confirm)',
    (_name, code) => {
      for (const age of [18, 19, 20]) {
        const ct = evaluate(
          { age, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', district: code, immigration: 'british_irish' },
          pack,
        ).find((r) => r.entitlementId === 'council_tax')!;
        expect(ct.outcome).toBe('likely');
        expect(ct.reasons[0]!.key).toBe('check.reason.ct_kcc_pays');
        expect(ct.reasons[0]!.values.until).toBe(pack.schemes.councilTax.kcc.untilBirthday);
      }
    },
  );

  it('a Kent district with a council tax answer also has its policy sourced and dated', () => {
    for (const d of pack.districts) {
      expect(d.councilTax.source.url, d.code).toMatch(/^https?:\/\//);
      expect(d.councilTax.lastChecked, d.code).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('every reason has words', () => {
  // English and Arabic until the languages issue adds the rest (then every locale of the pack).
  const locales = [...new Set(['en', 'ar', ...manifest.locales])].filter((l) => {
    try {
      readFileSync(root(`locales/${l}.json`));
      return true;
    } catch {
      return false;
    }
  });

  it('the pack ships English and Arabic at least', () => {
    expect(manifest.locales).toEqual(expect.arrayContaining(['en', 'ar']));
  });

  it.each(locales)('locales/%s.json has every reason and next step the rules give for this pack', (locale) => {
    const messages = readJson(`locales/${locale}.json`) as { check?: Record<string, Record<string, string>> };
    const extra: Answers[] = [
      {},
      { age: 'not_sure', lookedAfter: 'not_sure', lookedAfterBy: 'not_sure', district: 'not_sure' },
      { age: 19, lookedAfter: 'no' },
      ...(['prefer_not_to_say', 'not_sure'] as const).map((v): Answers => ({
        age: 19,
        lookedAfter: 'yes_13_weeks',
        lookedAfterBy: 'kent',
        education: v,
        tenancy: v,
        parent: v,
        immigration: v,
      })),
      ...IMMIGRATION.flatMap((immigration) =>
        [16, 19, 22, 26].map((age): Answers => ({
          age,
          lookedAfter: 'yes_13_weeks',
          lookedAfterBy: 'kent',
          district: 'E07000112',
          immigration,
          education: 'apprenticeship',
          parent: 'yes',
          tenancy: 'no_home',
        })),
      ),
      {
        age: 19,
        lookedAfter: 'qualifying',
        lookedAfterBy: 'kent',
        tenancy: 'custody',
        parent: 'no',
        education: 'university',
      },
      { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', dateOfBirth: '2005-11-02' },
    ];
    const keys = new Set<string>();
    for (const answers of [...people, ...extra]) {
      for (const r of evaluate(answers, pack, { today: '2026-11-23' }))
        for (const m of [...r.reasons, ...r.nextSteps]) keys.add(m.key);
    }
    const missing = [...keys].filter((key) => {
      const [, group, leaf] = key.split('.');
      return typeof messages.check?.[group!]?.[leaf!] !== 'string';
    });
    expect(missing).toEqual([]);
  });
});
