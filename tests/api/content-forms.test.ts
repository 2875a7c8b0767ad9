/**
 * What the studio's forms rest on, on a real database: the list of contacts, urgent help, glossary,
 * districts, schemes and facts an editor opens; a refused save names the field of the item saved (by the
 * item's id, not its place in a list), so the form can put the problem beside it; a contact's new number
 * and a fact's new source are kept in the draft and published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackDocument, StudioItemList } from '#contract';
import { contentEdits, signInEditorAndTranslator } from '../helpers/content-edits';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor: string;
let translator: string;
let pa: string;

const get = (path: string, cookie: string | null = null) => t.app.request(path, asStaff(cookie));

const editing = contentEdits(() => t.app);
const edit = (key: string, change: (value: Record<string, unknown>) => unknown) => editing.edit(key, editor, change);

const list = async () => (await (await get('/api/content/items', editor)).json()) as StudioItemList;
const fieldsOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;

beforeAll(async () => {
  t = await createTestApp();
  ({ editor, translator } = await signInEditorAndTranslator(t));
  pa = await signIn(t.app, await createStaff(t.db, { email: 'pa@example.test', role: 'pa' }));
});
afterAll(() => t?.close());

describe('the studio’s forms', () => {
  it('lists what an editor changes in a form, urgent contacts first, to staff who edit', async () => {
    const { items, locales } = await list();
    expect(locales).toContain('fa-AF');
    const contacts = items.filter((i) => i.kind === 'contact');
    expect(contacts.length).toBe(20);
    expect(contacts[0]).toMatchObject({ key: 'contacts.emergency_999', label: 'Emergency: 999', urgent: true });
    expect(contacts.findIndex((c) => !c.urgent)).toBeGreaterThan(contacts.findLastIndex((c) => c.urgent));
    expect(items).toContainEqual(
      expect.objectContaining({ key: 'text.en.glossary.pa', kind: 'glossary', label: 'PA (personal adviser)' }),
    );
    expect(items).toContainEqual(expect.objectContaining({ key: 'text.en.urgentHelp', label: 'Get help now' }));
    expect(items.filter((i) => i.kind === 'district')).toHaveLength(15);
    expect(items.some((i) => i.key === 'schemes')).toBe(true);
    expect(items).toContainEqual(expect.objectContaining({ key: 'entitlements.council_tax', kind: 'entitlement' }));
    expect(items.every((i) => !i.inDraft)).toBe(true);
    // translators find the words of their languages there; other staff have no use for it
    expect((await get('/api/content/items', translator)).status).toBe(200);
    expect((await get('/api/content/items', pa)).status).toBe(403);
    expect((await get('/api/content/items')).status).toBe(401);
  });

  it('names a refused field by the item’s id, not its place in the list', async () => {
    const res = await edit('contacts.kent_out_of_hours', (v) => ({ ...v, url: 'not a web address', phone: '03 x' }));
    expect(res.status).toBe(400);
    const error = await fieldsOf(res);
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fields).sort()).toEqual([
      'contacts.kent_out_of_hours.phone',
      'contacts.kent_out_of_hours.url',
    ]);
    const district = await edit('districts.E07000105', (v) => ({
      ...v,
      housingOptions: { ...(v.housingOptions as object), url: 'ashford.gov.uk' },
    }));
    expect(Object.keys((await fieldsOf(district)).fields)).toEqual(['districts.E07000105.housingOptions.url']);
    // a source may be missing while a draft is worked on, never wrong
    const source = await edit('entitlements.council_tax', (v) => ({
      ...v,
      source: { ...(v.source as object), url: 'kent.gov.uk/care-leavers' },
    }));
    expect(Object.keys((await fieldsOf(source)).fields)).toEqual(['entitlements.council_tax.source.url']);
    const glossary = await edit('text.en.glossary.pa', (v) => ({ ...v, term: ' ' }));
    expect(Object.keys((await fieldsOf(glossary)).fields)).toEqual(['text.en.glossary.pa.term']);
  });

  it('keeps a new number, a glossary term and a fact’s source in the draft, and publishes them', async () => {
    expect((await edit('contacts.kent_out_of_hours', (v) => ({ ...v, phone: '03000 41 00 00' }))).status).toBe(200);
    expect((await edit('text.en.glossary.pa', (v) => ({ ...v, term: 'PA (your personal adviser)' }))).status).toBe(200);
    const source = { title: 'Kent County Council, Care leavers', url: 'https://www.kent.gov.uk/care-leavers' };
    const fact = await edit('entitlements.council_tax', (v) => ({ ...v, source, lastChecked: '2026-12-07' }));
    expect(fact.status).toBe(200);
    const inDraft = (await list()).items.filter((i) => i.inDraft).map((i) => i.key);
    expect(inDraft.sort()).toEqual(['contacts.kent_out_of_hours', 'entitlements.council_tax', 'text.en.glossary.pa']);

    const published = await t.app.request('/api/content/publish', asStaff(editor, { method: 'POST', body: {} }));
    expect(published.status).toBe(201);
    const pack = (await (await get('/api/content/versions/2/pack')).json()) as PackDocument;
    expect(pack.contacts.find((c) => c.id === 'kent_out_of_hours')?.phone).toBe('03000 41 00 00');
    expect(pack.text.en!.glossary.pa!.term).toBe('PA (your personal adviser)');
    expect(pack.entitlements.find((e) => e.id === 'council_tax')).toMatchObject({ source, lastChecked: '2026-12-07' });
  });
});
