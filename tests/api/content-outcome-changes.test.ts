/**
 * What changes for whom: a draft that moves an age limit changes the outcome of the people of the
 * scenario table it concerns, the editor sees exactly those (and the people they add), and publishing
 * such a draft needs their confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentVersion, OutcomeChanges, StudioEntitlementList } from '#contract';
import { contentEdits, signInEditorAndTranslator } from '../helpers/content-edits';
import { asStaff } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';
let translator = '';

const ARBEN = 'Arben, 21, Kent care leaver in Ashford';

const request = (path: string, cookie: string | null, init: { method?: string; body?: unknown } = {}) =>
  t.app.request(path, asStaff(cookie, init));
const changesFor = async (cookie: string | null, body: unknown = {}) =>
  request('/api/content/draft/outcome-changes', cookie, { method: 'POST', body });
const publish = (body: unknown = {}) => request('/api/content/publish', editor, { method: 'POST', body });
const version = async () => ((await (await request('/api/content/version', null)).json()) as ContentVersion).version;

const { edit, editRoute } = contentEdits(() => t.app);
/** Sets the age a route of an entitlement ends at (inclusive), in the draft. */
const setAgeLimit = (entitlement: string, route: string, to: number) =>
  editRoute(editor, entitlement, route, (when) => void (when.age!.to = to));

beforeAll(async () => {
  t = await createTestApp();
  ({ editor, translator } = await signInEditorAndTranslator(t));
});
afterAll(() => t?.close());

describe('what changes for whom', () => {
  it('shows nothing while the draft is empty, and only to editors', async () => {
    const res = await changesFor(editor);
    expect(res.status).toBe(200);
    const body = (await res.json()) as OutcomeChanges;
    expect(body.basedOn).toBe(1);
    expect(body.people).toBeGreaterThanOrEqual(40);
    expect(body.changes).toEqual([]);
    expect((await changesFor(translator)).status).toBe(403);
    expect((await changesFor(null)).status).toBe(401);
  });

  it('shows the people whose outcome a changed age limit changes, and no one else', async () => {
    // Kent pays council tax until the 21st birthday; the draft says until the 22nd
    await setAgeLimit('council_tax', 'kcc_pays', 21);
    const body = (await (await changesFor(editor)).json()) as OutcomeChanges;
    expect(body.changes).toContainEqual({
      person: ARBEN,
      added: false,
      entitlementId: 'council_tax',
      title: expect.stringMatching(/council tax/i),
      from: 'ask_pa',
      to: 'likely',
    });
    for (const change of body.changes) {
      expect(change.entitlementId).toBe('council_tax');
      expect(change.person).toMatch(/\b21\b/);
      expect(change.from).not.toBe(change.to);
    }
  });

  it('runs the people the editor adds too', async () => {
    const added = [
      {
        name: 'Maya, 21, Dover',
        answers: {
          lookedAfter: 'yes_13_weeks',
          lookedAfterBy: 'kent',
          age: 21,
          district: 'E07000108',
          immigration: 'british_irish',
        },
      },
      {
        name: 'Sam, 24, Dover',
        answers: { lookedAfter: 'yes_13_weeks', lookedAfterBy: 'kent', age: 24, district: 'E07000108' },
      },
    ];
    const body = (await (await changesFor(editor, { people: added })).json()) as OutcomeChanges;
    const maya = body.changes.filter((c) => c.added);
    expect(maya).toEqual([
      expect.objectContaining({
        person: added[0]!.name,
        entitlementId: 'council_tax',
        from: 'ask_pa',
        to: 'likely',
      }),
    ]);
    expect((await changesFor(editor, { people: [{ name: '', answers: {} }] })).status).toBe(400);
  });

  it('refuses to publish outcome changes without confirmation, and publishes them with it', async () => {
    const refused = await publish({ note: 'council tax to 22' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('outcomes_change');
    expect(await version()).toBe(1);
    const res = await publish({ note: 'council tax to 22', confirmOutcomeChanges: true });
    expect(res.status).toBe(201);
    expect(await version()).toBe(2);
    expect(((await (await changesFor(editor)).json()) as OutcomeChanges).changes).toEqual([]);
  });

  it('publishes a draft that changes no outcome without asking', async () => {
    const saved = await edit('text.en.entitlements.council_tax', editor, (value) => ({
      ...value,
      summary: 'Kent pays your council tax until you are 22.',
    }));
    expect(saved.status).toBe(200);
    expect((await publish()).status).toBe(201);
    expect(await version()).toBe(3);
  });

  it('asks for confirmation before a rollback changes outcomes back', async () => {
    const rollback = (body: unknown) => request('/api/content/versions/1/republish', editor, { method: 'POST', body });
    const refused = await rollback({});
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('outcomes_change');
    expect((await rollback({ confirmOutcomeChanges: true })).status).toBe(201);
    expect(await version()).toBe(4);
  });
});

describe('the studio list', () => {
  it('gives each entitlement’s status per language, and what a translator marked reviewed', async () => {
    const list = async () =>
      (await (await request('/api/content/entitlements', translator)).json()) as StudioEntitlementList;
    const before = await list();
    expect(before.locales).toContain('ar');
    const ct = () => before.entitlements.find((e) => e.id === 'council_tax')!;
    expect(ct().title).toMatch(/council tax/i);
    expect(ct().texts.ar).toMatchObject({ status: 'draft', inDraft: false });
    const saved = await edit('text.ar.entitlements.council_tax', translator, (value) => ({
      ...value,
      status: 'reviewed',
    }));
    expect(saved.status).toBe(200);
    const after = await list();
    expect(after.draftItems).toBe(1);
    expect(after.entitlements.find((e) => e.id === 'council_tax')!.texts.ar).toEqual({
      status: 'reviewed',
      inDraft: true,
      reviewedBy: 'translator@example.test',
      reviewedAt: expect.any(String),
    });
    expect((await request('/api/content/entitlements', null)).status).toBe(401);
  });
});

describe('a reviewed translation of English that changes', () => {
  const change = async (key: string, cookie: string, to: (v: Record<string, unknown>) => Record<string, unknown>) =>
    expect((await edit(key, cookie, to)).status).toBe(200);
  const arabic = async () =>
    ((await (await request('/api/content/entitlements', editor)).json()) as StudioEntitlementList).entitlements.find(
      (e) => e.id === 'council_tax',
    )!.texts.ar;

  it('goes back to draft when a version changes the English and not the translation', async () => {
    // the Arabic marked reviewed above is published on its own: it stays reviewed
    expect((await publish()).status).toBe(201);
    expect(await arabic()).toMatchObject({ status: 'reviewed', inDraft: false });
    await change('text.en.entitlements.council_tax', editor, (v) => ({ ...v, contact: 'Your PA, or the 18+ team.' }));
    // translators see that the English moved under them
    const listed = (await (await request('/api/content/entitlements', translator)).json()) as StudioEntitlementList;
    expect(listed.entitlements.find((e) => e.id === 'council_tax')!.englishInDraft).toBe(true);
    expect(listed.entitlements.find((e) => e.id === 'birthday_allowance')!.englishInDraft).toBe(false);
    expect((await publish({ note: 'new contact line' })).status).toBe(201);
    expect(await arabic()).toMatchObject({ status: 'draft', inDraft: false });
    const [row] = await t.db.query<{ details: { reopened?: string[] } }>(
      `select details from audit_log where action = 'content.publish' order by id desc limit 1`,
    );
    expect(row!.details.reopened).toEqual(['text.ar.entitlements.council_tax']);
  });

  it('stays reviewed when the translator updates it in the same version', async () => {
    await change('text.ar.entitlements.council_tax', translator, (v) => ({ ...v, status: 'reviewed' }));
    await change('text.en.entitlements.council_tax', editor, (v) => ({ ...v, contact: 'Your PA.' }));
    expect((await publish()).status).toBe(201);
    expect(await arabic()).toMatchObject({ status: 'reviewed', inDraft: false });
  });
});
