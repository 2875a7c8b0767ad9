/**
 * What changes for whom when a rule's condition other than age changes in the draft: which council looked
 * after someone, and their immigration status. The people whose outcome moves are shown (the editor's
 * added people and the scenario table's), no one else's, and the change is only in the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomeChanges, WhatIfPerson } from '#contract';
import type { Conditions } from '#contract/eligibility';
import { contentEdits } from '../helpers/content-edits';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';

interface Rules {
  entitlements: { id: string; routes: { id: string; when: Conditions }[] }[];
}

const { editRoute } = contentEdits(() => t.app);
/** Changes the conditions of one route of an entitlement in the draft's rules. */
const changeConditions = (entitlement: string, route: string, change: (when: Conditions) => void) =>
  editRoute(editor, entitlement, route, change);

const changesFor = async (people: WhatIfPerson[]) => {
  const res = await t.app.request(
    '/api/content/draft/outcome-changes',
    asStaff(editor, { method: 'POST', body: { people } }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as OutcomeChanges).changes;
};

const KENT_19: WhatIfPerson = {
  name: 'Sam, 19, Kent care leaver in Ashford',
  answers: { age: 19, lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', district: 'E07000105' },
};
const PARENT_17: WhatIfPerson = {
  name: 'Lina, 17, parent with other leave to remain',
  answers: {
    age: 17,
    lookedAfter: 'yes_13_weeks',
    lookedAfterBy: 'kent',
    district: 'E07000112',
    parent: 'yes',
    immigration: 'other_leave',
  },
};

beforeAll(async () => {
  t = await createTestApp();
  editor = await signIn(t.app, await createStaff(t.db, { email: 'editor@example.test', role: 'editor' }));
});
afterAll(() => t?.close());

describe('what changes for whom, for conditions other than age', () => {
  it('shows nothing for these people while the draft is empty', async () => {
    expect(await changesFor([KENT_19, PARENT_17])).toEqual([]);
  });

  it('shows a changed outcome when the councils a route is for change', async () => {
    // Kent's setting-up-home allowance, given (wrongly) to those Medway looked after instead
    await changeConditions('setting_up_home', 'kent', (when) => (when.lookedAfterBy = ['medway']));
    const changes = await changesFor([KENT_19]);
    const sam = changes.filter((c) => c.added);
    expect(sam).toHaveLength(1);
    expect(sam[0]).toMatchObject({ person: KENT_19.name, entitlementId: 'setting_up_home', to: 'not_eligible' });
    expect(['eligible', 'likely']).toContain(sam[0]!.from);
    // the scenario table's Kent care leavers lose it too, and nothing else moves
    expect(changes.filter((c) => !c.added).length).toBeGreaterThan(0);
    for (const change of changes) expect(change.entitlementId).toBe('setting_up_home');
  });

  it('shows a changed outcome when the immigration statuses a route is for change', async () => {
    await changeConditions('care_to_learn', 'young_parent', (when) => {
      when.immigration = when.immigration!.filter((s) => s !== 'other_leave');
    });
    const lina = (await changesFor([PARENT_17])).filter((c) => c.added && c.entitlementId === 'care_to_learn');
    expect(lina).toHaveLength(1);
    expect(lina[0]!.from).not.toBe('not_eligible');
    expect(lina[0]!.to).toBe('not_eligible');
    // the published rules are unchanged
    const published = await t.app.request('/api/content/versions/1/pack');
    const rules = ((await published.json()) as { eligibility: Rules }).eligibility;
    const route = rules.entitlements.find((e) => e.id === 'care_to_learn')!.routes.find((r) => r.id === 'young_parent');
    expect(route!.when.immigration).toContain('other_leave');
  });
});
