/**
 * What changes for whom: the people of the scenario table (and any the editor adds) run through the
 * published pack and the draft with the evaluator phones use, and every outcome that differs. Publishing
 * a draft that changes someone's outcome needs the editor's confirmation.
 */
import type { OutcomeChange, PackDocument, WhatIfPerson } from '#contract';
import { Scenario } from '#contract/eligibility';
import scenarioTable from '#content/kent/scenarios.json';
import { evaluate, type Answers, type EligibilityPack, type Outcome } from '../../rules/eligibility';

let table: WhatIfPerson[] | null = null;

/** The named people of content/kent/scenarios.json, read once (the same table the content tests run). */
export function scenarioPeople(): WhatIfPerson[] {
  table ??= Scenario.array()
    .parse(scenarioTable)
    .map(({ name, answers, today }) => ({ name, answers, ...(today ? { today } : {}) }));
  return table;
}

const rulesPack = (pack: PackDocument): EligibilityPack => ({
  entitlements: pack.entitlements,
  districts: pack.districts,
  schemes: pack.schemes,
  rules: pack.eligibility,
});

function outcomesOf(pack: EligibilityPack, person: WhatIfPerson, today: string): Map<string, Outcome> {
  const results = evaluate(person.answers as Answers, pack, { today: person.today ?? today });
  return new Map(results.map((r) => [r.entitlementId, r.outcome]));
}

const titleIn = (pack: PackDocument, id: string) => pack.text.en?.entitlements[id]?.title;

/**
 * Every (person, entitlement) whose outcome differs between `published` and `draft`, in the table's
 * order. A person without a date of their own is taken on `today` (YYYY-MM-DD), the same for both packs.
 */
export function outcomeChanges(
  published: PackDocument,
  draft: PackDocument,
  options: { added?: WhatIfPerson[]; today?: string } = {},
): OutcomeChange[] {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const before = rulesPack(published);
  const after = rulesPack(draft);
  const people = [
    ...scenarioPeople().map((person) => ({ person, added: false })),
    ...(options.added ?? []).map((person) => ({ person, added: true })),
  ];
  const changes: OutcomeChange[] = [];
  for (const { person, added } of people) {
    const from = outcomesOf(before, person, today);
    const to = outcomesOf(after, person, today);
    for (const id of new Set([...from.keys(), ...to.keys()])) {
      if (from.get(id) === to.get(id)) continue;
      changes.push({
        person: person.name,
        added,
        entitlementId: id,
        title: titleIn(draft, id) ?? titleIn(published, id) ?? id,
        from: from.get(id) ?? null,
        to: to.get(id) ?? null,
      });
    }
  }
  return changes;
}
