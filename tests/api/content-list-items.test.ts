/**
 * Adding and removing a contact or a glossary word, on a real database: a new item is checked by the
 * build's schemas (its problems named by field), kept in the draft, invisible until published, then
 * published; an item is removed with its words in every language, audited, and refused while a page still
 * shows it or every language must explain it; only editors may do either. A removal is undone with the
 * values it answered, against the ETag it answered: the draft is as it was, and a change since is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem, ListItemChange, PackDocument, RemovedListItem } from '#contract';
import { signInEditorAndTranslator } from '../helpers/content-edits';
import { asStaff } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor: string;
let translator: string;

const request = (path: string, cookie: string | null, init: Parameters<typeof asStaff>[1] = {}) =>
  t.app.request(path, asStaff(cookie, init));
const add = (body: unknown, cookie: string | null = editor) =>
  request('/api/content/items', cookie, { method: 'POST', body });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

async function remove(key: string, cookie: string | null = editor) {
  const open = await request(`/api/content/items/${key}`, editor);
  const etag = open.headers.get('etag') ?? '"none"';
  return request(`/api/content/items/${key}`, cookie, { method: 'DELETE', headers: { 'if-match': etag } });
}

const auditRows = async (action: string) =>
  t.db.query<{ details: { id: string; keys: string[] } }>('select details from audit_log where action = $1', [action]);

const SOURCE = { title: 'Folkestone Youth Hub', url: 'https://www.example.org/youth-hub' };
const NEW_CONTACT = {
  kind: 'contact',
  id: 'folkestone_youth_hub',
  value: {
    kind: 'service',
    urgent: false,
    order: 30,
    phone: '01303 000 000',
    source: SOURCE,
    lastChecked: '2026-12-07',
    verified: false,
  },
  words: { name: 'Folkestone Youth Hub', description: 'Drop in for help with money, housing and work.' },
};

beforeAll(async () => {
  t = await createTestApp();
  ({ editor, translator } = await signInEditorAndTranslator(t));
});
afterAll(() => t?.close());

describe('adding an item', () => {
  it('refuses a new contact with wrong fields, naming each field, and keeps nothing', async () => {
    const res = await add({
      ...NEW_CONTACT,
      value: { ...NEW_CONTACT.value, phone: 'call us', url: 'example.org' },
      words: { name: ' ' },
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fields!).sort()).toEqual([
      'contacts.folkestone_youth_hub.phone',
      'contacts.folkestone_youth_hub.url',
      'text.en.contacts.folkestone_youth_hub.description',
      'text.en.contacts.folkestone_youth_hub.name',
    ]);
    const badId = await add({ ...NEW_CONTACT, id: 'Youth Hub' });
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).fields).toEqual({ id: expect.any(String) });
    const taken = await add({ ...NEW_CONTACT, id: 'shelter' });
    expect(taken.status).toBe(409);
    expect(await errorOf(taken)).toMatchObject({ code: 'already_exists', fields: { id: expect.any(String) } });
    const draft = await request('/api/content/draft', editor);
    expect(await draft.json()).toMatchObject({ items: [] });
  });

  it('keeps a new contact and its English words in the draft, unseen until published', async () => {
    expect((await add(NEW_CONTACT, translator)).status).toBe(403);
    expect((await add(NEW_CONTACT, null)).status).toBe(401);
    const res = await add(NEW_CONTACT);
    expect(res.status).toBe(201);
    expect((await res.json()) as ListItemChange).toEqual({
      key: 'contacts.folkestone_youth_hub',
      keys: ['contacts.folkestone_youth_hub', 'text.en.contacts.folkestone_youth_hub'],
    });
    const opened = (await (await request('/api/content/items/contacts.folkestone_youth_hub', editor)).json()) as {
      value: { id: string };
      published: unknown;
      inDraft: boolean;
    };
    expect(opened).toMatchObject({ value: { id: 'folkestone_youth_hub' }, published: null, inDraft: true });
    const public1 = (await (await request('/api/content/versions/1/pack', null)).json()) as PackDocument;
    expect(public1.contacts.some((c) => c.id === 'folkestone_youth_hub')).toBe(false);

    const glossary = await add({
      kind: 'glossary',
      id: 'youth_hub',
      value: { term: 'youth hub', meaning: 'A place where young people can drop in for help.' },
    });
    expect(glossary.status).toBe(201);
    expect((await auditRows('content.add')).map((r) => r.details.id)).toEqual(['folkestone_youth_hub', 'youth_hub']);

    const published = await request('/api/content/publish', editor, { method: 'POST', body: {} });
    expect(published.status).toBe(201);
    const pack = (await (await request('/api/content/versions/2/pack', null)).json()) as PackDocument;
    expect(pack.contacts.find((c) => c.id === 'folkestone_youth_hub')).toMatchObject({ phone: '01303 000 000' });
    expect(pack.text.en!.contacts.folkestone_youth_hub!.name).toBe('Folkestone Youth Hub');
    expect(pack.text.en!.glossary.youth_hub!.term).toBe('youth hub');
  });
});

describe('removing an item', () => {
  it('refuses to remove a contact a page still shows, saying which pages', async () => {
    const res = await remove('contacts.shelter');
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('still_used');
    expect(error.message).toMatch(/Pages still show this contact: .+\. Take it off those pages first\./);
    expect(Object.keys(error.fields!).length).toBeGreaterThan(0);
    for (const path of Object.keys(error.fields!)) expect(path).toMatch(/^entitlements\.[a-z_]+\.contactIds$/);
    // nor by saving it as nothing
    const open = await request('/api/content/items/contacts.shelter', editor);
    const put = await request('/api/content/items/contacts.shelter', editor, {
      method: 'PUT',
      body: { value: null },
      headers: { 'if-match': open.headers.get('etag')! },
    });
    expect(put.status).toBe(409);
  });

  it('refuses a word every language must explain, and what is not a list item', async () => {
    const res = await remove('text.en.glossary.pa');
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('required_item');
    expect((await remove('text.en.urgentHelp')).status).toBe(400);
    expect((await remove('contacts.no_such_contact')).status).toBe(404);
  });

  it('removes a contact with its words in every language, after a stale ETag is refused', async () => {
    const stale = await request('/api/content/items/contacts.kent_out_of_hours', editor, {
      method: 'DELETE',
      headers: { 'if-match': '"an-old-etag"' },
    });
    expect(stale.status).toBe(412);
    expect((await remove('contacts.kent_out_of_hours', translator)).status).toBe(403);
    const res = await remove('contacts.kent_out_of_hours');
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as ListItemChange;
    expect(keys).toContain('contacts.kent_out_of_hours');
    expect(keys).toContain('text.en.contacts.kent_out_of_hours');
    expect(keys).toContain('text.ar.contacts.kent_out_of_hours');
    const gone = await request('/api/content/items/contacts.kent_out_of_hours', editor);
    expect((await gone.json()) as ContentItem).toMatchObject({ value: null, inDraft: true });
    const draft = (await (await request('/api/content/draft', editor)).json()) as {
      items: { key: string; removed: boolean }[];
    };
    expect(draft.items.filter((i) => i.removed).map((i) => i.key)).toEqual([...keys].sort());
    const [row] = await auditRows('content.remove');
    expect(row!.details).toMatchObject({ id: 'kent_out_of_hours', keys });
    // the word added before goes from every language it has
    const glossary = await remove('text.en.glossary.youth_hub');
    expect(glossary.status).toBe(200);
    expect(((await glossary.json()) as ListItemChange).keys).toEqual(['text.en.glossary.youth_hub']);

    const published = await request('/api/content/publish', editor, { method: 'POST', body: {} });
    expect(published.status).toBe(201);
    const pack = (await (await request('/api/content/versions/3/pack', null)).json()) as PackDocument;
    expect(pack.contacts.some((c) => c.id === 'kent_out_of_hours')).toBe(false);
    expect(pack.text.ar!.contacts.kent_out_of_hours).toBeUndefined();
    expect(pack.text.en!.glossary.youth_hub).toBeUndefined();
    const item = await request('/api/content/items/text.en.glossary.pa', editor);
    expect(((await item.json()) as ContentItem).value).toBeTruthy();
  });
});

describe('undoing a removal', () => {
  const draftNow = async () => {
    const { items } = (await (await request('/api/content/draft', editor)).json()) as {
      items: { key: string; removed: boolean }[];
    };
    const values = await Promise.all(
      items.map(async (i) => [
        i.key,
        ((await (await request(`/api/content/items/${i.key}`, editor)).json()) as ContentItem).value,
      ]),
    );
    return { items: items.map((i) => ({ key: i.key, removed: i.removed })), values: Object.fromEntries(values) };
  };
  const restore = (key: string, body: unknown, etag: string | null, cookie: string | null = editor) =>
    request(`/api/content/items/${key}/restore`, cookie, {
      method: 'POST',
      body,
      headers: etag ? { 'if-match': etag } : {},
    });

  it('puts a contact back with its words in every language, the draft as it was, audited', async () => {
    // a change in the draft beforehand stays as it is
    const open = await request('/api/content/items/text.ar.contacts.shelter_helpline', editor);
    const arabic = ((await open.json()) as ContentItem).value as Record<string, string>;
    const edited = await request('/api/content/items/text.ar.contacts.shelter_helpline', editor, {
      method: 'PUT',
      body: { value: { ...arabic, name: `${arabic.name} (خط)` } },
      headers: { 'if-match': open.headers.get('etag')! },
    });
    expect(edited.status).toBe(200);
    // a contact no page shows, so that it can be removed
    const page = await request('/api/content/items/entitlements.priority_need', editor);
    const entitlement = ((await page.json()) as ContentItem).value as { contactIds: string[] };
    const unticked = await request('/api/content/items/entitlements.priority_need', editor, {
      method: 'PUT',
      body: { value: { ...entitlement, contactIds: entitlement.contactIds.filter((id) => id !== 'shelter_helpline') } },
      headers: { 'if-match': page.headers.get('etag')! },
    });
    expect(unticked.status).toBe(200);
    const before = await draftNow();

    const removed = await remove('contacts.shelter_helpline');
    expect(removed.status).toBe(200);
    const etag = removed.headers.get('etag')!;
    const { keys, values } = (await removed.json()) as RemovedListItem;
    expect(Object.keys(values).sort()).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(2);
    expect(values['text.ar.contacts.shelter_helpline']).toMatchObject({ name: `${arabic.name} (خط)` });

    // only the item's own keys, only by editors, only with the removal's ETag
    expect((await restore('contacts.shelter_helpline', { values }, etag, translator)).status).toBe(403);
    expect((await restore('contacts.shelter_helpline', { values }, null)).status).toBe(428);
    const other = { ...values, 'text.en.glossary.pa': { term: 'x', meaning: 'y' } };
    expect((await restore('contacts.shelter_helpline', { values: other }, etag)).status).toBe(400);
    expect((await restore('contacts.shelter_helpline', { values }, '"an-old-etag"')).status).toBe(412);

    const res = await restore('contacts.shelter_helpline', { values }, etag);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ListItemChange).keys.sort()).toEqual([...keys].sort());
    expect(await draftNow()).toEqual(before);
    const [saved] = await t.db.query<{ details: { keys: string[] } }>(
      "select details from audit_log where action = 'content.remove' and details->>'id' = 'shelter_helpline'",
    );
    expect(saved!.details.keys).toEqual(keys);
    const [row] = await auditRows('content.restore');
    expect(row!.details).toMatchObject({ id: 'shelter_helpline', keys: expect.arrayContaining(keys) });

    // once back, the same undo is refused: the item is there again
    expect((await restore('contacts.shelter_helpline', { values }, etag)).status).toBe(412);
  });

  it('puts a glossary word back in every language; refused once its words came back another way', async () => {
    const before = await draftNow();
    const removed = await remove('text.en.glossary.sanction');
    expect(removed.status).toBe(200);
    const etag = removed.headers.get('etag')!;
    const { values } = (await removed.json()) as RemovedListItem;
    expect(Object.keys(values)).toContain('text.ar.glossary.sanction');
    const res = await restore('text.en.glossary.sanction', { values }, etag);
    expect(res.status).toBe(200);
    expect(await draftNow()).toEqual(before);

    // removed again, then its Arabic words written anew: undoing would overwrite them, so it is refused
    const again = await remove('text.en.glossary.sanction');
    const second = (await again.json()) as RemovedListItem;
    const fresh = await request('/api/content/items/text.ar.glossary.sanction', editor);
    const rewritten = await request('/api/content/items/text.ar.glossary.sanction', editor, {
      method: 'PUT',
      body: { value: second.values['text.ar.glossary.sanction'] },
      headers: { 'if-match': fresh.headers.get('etag')! },
    });
    expect(rewritten.status).toBe(200);
    const refused = await restore('text.en.glossary.sanction', { values: second.values }, again.headers.get('etag'));
    expect(refused.status).toBe(412);
    expect((await errorOf(refused)).code).toBe('edit_conflict');
  });
});
