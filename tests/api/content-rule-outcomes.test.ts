/**
 * A rule's outcome, reasons and next steps edited in the draft, as the studio's rules form saves them:
 * what a way to get something gives is one of the contract's outcomes, and a reason or step must be one
 * the app has words for; a wrong one is refused and named by the route's id, so the form can put it beside
 * its field. A changed outcome shows in what changes for whom, for the scenario table's named people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutcomeChanges } from '#contract';
import { contentEdits, signInEditorAndTranslator } from '../helpers/content-edits';
import { asStaff } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';

const ARBEN = 'Arben, 21, Kent care leaver in Ashford';
const AT = 'eligibility.entitlements.council_tax';

const { edit, editRule } = contentEdits(() => t.app);
/** Saves `change` over the council tax route Ashford's people over 21 get (no local discount found). */
const editNoneFound = (change: (route: Record<string, unknown>) => void) =>
  editRule(editor, 'council_tax', (rule) => change(rule.routes.find((r) => r.id === 'local_none_found')!));
const refusedFields = async (res: Response) => {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;
};

beforeAll(async () => {
  t = await createTestApp();
  ({ editor } = await signInEditorAndTranslator(t));
});
afterAll(() => t?.close());

describe("a rule's outcome, reasons and steps in the draft", () => {
  it('refuses an outcome the contract does not have, named by the route', async () => {
    const error = await refusedFields(await editNoneFound((route) => (route.gives = 'maybe')));
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fields)).toEqual([`${AT}.routes.local_none_found.gives`]);
  });

  it('refuses a reason or step the app has no words for, beside its line', async () => {
    const error = await refusedFields(
      await editRule(editor, 'council_tax', (rule) => {
        rule.routes.find((r) => r.id === 'local_none_found')!.reasons![1] = { key: 'no_such_reason' };
        rule.otherwise = { reasons: [], steps: [{ key: 'ask_pa_confirm' }, { key: 'no_such_step' }] };
      }),
    );
    expect(error.fields).toEqual({
      [`${AT}.routes.local_none_found.reasons.1.key`]: 'the app has no words for this reason',
      [`${AT}.otherwise.steps.1.key`]: 'the app has no words for this step',
    });
  });

  it('names an age limit the wrong way round by the route, not its place in the list', async () => {
    const error = await refusedFields(
      await editRule(editor, 'council_tax', (rule) => {
        rule.routes.find((r) => r.id === 'kcc_pays')!.when.age = { from: 22, to: 20 };
      }),
    );
    expect(Object.keys(error.fields)).toEqual([`${AT}.routes.kcc_pays.when.age`]);
  });

  it('a changed outcome shows whose result it changes, and publishing asks first', async () => {
    const saved = await editNoneFound((route) => {
      route.gives = 'likely';
      route.steps = [{ key: 'council_tax_support' }, { key: 'ask_council_ct' }];
    });
    expect(saved.status).toBe(200);
    const res = await t.app.request(
      '/api/content/draft/outcome-changes',
      asStaff(editor, { method: 'POST', body: {} }),
    );
    const { changes } = (await res.json()) as OutcomeChanges;
    expect(changes.find((c) => c.person === ARBEN)).toMatchObject({
      entitlementId: 'council_tax',
      from: 'ask_pa',
      to: 'likely',
      added: false,
    });
    // only council tax moves, and only for people living where that route is for
    expect(new Set(changes.map((c) => c.entitlementId))).toEqual(new Set(['council_tax']));
    const unconfirmed = await t.app.request('/api/content/publish', asStaff(editor, { method: 'POST', body: {} }));
    expect(unconfirmed.status).toBe(409);
    expect(((await unconfirmed.json()) as { error: { code: string } }).error.code).toBe('outcomes_change');
  });

  it("keeps a way's fact without its source in the draft, and refuses to publish it, naming what is missing", async () => {
    const kept = await edit('schemes', editor, (schemes) => {
      const kcc = (schemes.councilTax as { kcc: Record<string, unknown> }).kcc;
      delete kcc.source;
      delete kcc.lastChecked;
      return schemes;
    });
    expect(kept.status).toBe(200);
    const res = await t.app.request(
      '/api/content/publish',
      asStaff(editor, { method: 'POST', body: { confirmOutcomeChanges: true } }),
    );
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('source_required');
    expect(Object.keys(error.fields)).toEqual(
      expect.arrayContaining(['schemes.councilTax.kcc.source', 'schemes.councilTax.kcc.lastChecked']),
    );
  });
});
