/**
 * Response templates as part of the versioned pack, on a real database: staff may send only what is
 * published (an edited template stays a draft until then), each language's words are a translator's, a
 * changed English sends reviewed translations back to "needs update", and every change is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackDocument, StudioItemList, TemplateNote } from '#contract';
import { contentEdits, signInEditorAndTranslator } from '../helpers/content-edits';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor: string;
let translator: string;
let commissioner: string;

const { edit } = contentEdits(() => t.app);
const get = (path: string, cookie: string | null = null) => t.app.request(path, asStaff(cookie));
const publish = () => t.app.request('/api/content/publish', asStaff(editor, { method: 'POST', body: {} }));
const packOf = async (n: number) => (await (await get(`/api/content/versions/${n}/pack`)).json()) as PackDocument;
const LOCALES = ['en', 'ar', 'ti', 'ckb', 'vi', 'ps', 'fa-AF', 'sq'];

/** A note from `template` on a new report, as the staff desk sends it; the answer's status. */
async function sendNote(template: TemplateNote) {
  const { id } = await postReport(t.app, newReport());
  const res = await t.app.request(
    `/api/dashboard/reports/${id}`,
    asStaff(commissioner, { method: 'PATCH', body: { status: 'acknowledged', template } }),
  );
  return res.status;
}

const auditOf = (action: string) =>
  t.db.query<{ email: string | null; details: { key?: string; after?: unknown } }>(
    `select u.email, a.details from audit_log a left join staff_users u on u.id = a.actor_id where a.action = $1 order by a.id`,
    [action],
  );

beforeAll(async () => {
  t = await createTestApp();
  ({ editor, translator } = await signInEditorAndTranslator(t));
  commissioner = await signIn(
    t.app,
    await createStaff(t.db, { email: 'templates-commissioner@example.test', role: 'commissioner' }),
  );
});
afterAll(() => t?.close());

describe('response templates in the pack', () => {
  it('are in version 1 as facts and words in every language, and listed for the studio', async () => {
    const pack = await packOf(1);
    expect(pack.responseTemplates).toContainEqual({ id: 'visit_on', fields: ['date'] });
    expect(pack.text.ar!.responseTemplates!.visit_on!.text).toContain('{date}');
    const { items } = (await (await get('/api/content/items', editor)).json()) as StudioItemList;
    expect(items).toContainEqual(
      expect.objectContaining({ key: 'responseTemplates.received', kind: 'template', inDraft: false }),
    );
    expect(items.find((i) => i.key === 'responseTemplates.received')!.label).toMatch(/^We have got your report/);
  });

  it('a changed template is what staff may send once published, and not before', async () => {
    // "received" gains a date: its fields and its words in every language
    expect((await edit('responseTemplates.received', editor, (v) => ({ ...v, fields: ['date'] }))).status).toBe(200);
    for (const locale of LOCALES) {
      const res = await edit(`text.${locale}.responseTemplates.received`, editor, (v) => ({
        ...v,
        text: `${String(v.text)} {date}`,
      }));
      expect(res.status).toBe(200);
    }
    // the draft is not what staff send: the published template has no date
    expect(await sendNote({ id: 'received', fields: { date: '2026-12-20' } })).toBe(400);
    expect(await sendNote({ id: 'received', fields: {} })).toBe(200);

    expect((await publish()).status).toBe(201);
    expect(await sendNote({ id: 'received', fields: { date: '2026-12-20' } })).toBe(200);
    expect(await sendNote({ id: 'received', fields: {} })).toBe(400);
    expect((await packOf(2)).text.en!.responseTemplates!.received!.text).toMatch(/\{date\}$/);

    // a phone brings its stored content up to date with the template's fields and its own language's words
    const changes = (await (await get('/api/content/versions/2/changes?since=1&locales=ar,en')).json()) as {
      items: { key: string; value: unknown }[];
    };
    expect(changes.items.map((i) => i.key).sort()).toEqual([
      'responseTemplates.received',
      'text.ar.responseTemplates.received',
      'text.en.responseTemplates.received',
    ]);
  });

  it('is not published while a language’s words miss a field of the template', async () => {
    expect((await edit('responseTemplates.work_booked', editor, (v) => ({ ...v, fields: [] }))).status).toBe(200);
    const res = await publish();
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(error.fields).toHaveProperty(['text.en.responseTemplates.work_booked.text']);
    // put back: nothing left in the draft
    expect((await edit('responseTemplates.work_booked', editor, (v) => ({ ...v, fields: ['date'] }))).status).toBe(200);
  });

  it('a translator for Arabic changes only the Arabic words', async () => {
    const arabic = 'سيزور أحد الموظفين بيتك يوم {date}.';
    const ar = await edit('text.ar.responseTemplates.visit_on', translator, () => ({
      text: arabic,
      status: 'reviewed',
    }));
    expect(ar.status).toBe(200);
    expect((await edit('text.en.responseTemplates.visit_on', translator, (v) => v)).status).toBe(403);
    expect((await edit('text.vi.responseTemplates.visit_on', translator, (v) => v)).status).toBe(403);
    expect((await edit('responseTemplates.visit_on', translator, (v) => ({ ...v, fields: [] }))).status).toBe(403);
    expect((await publish()).status).toBe(201);
    expect((await packOf(3)).text.ar!.responseTemplates!.visit_on).toEqual({ text: arabic, status: 'reviewed' });

    const saves = await auditOf('content.save');
    expect(saves).toContainEqual({
      email: 'translator@example.test',
      details: expect.objectContaining({
        key: 'text.ar.responseTemplates.visit_on',
        after: { text: arabic, status: 'reviewed' },
      }),
    });
    expect(saves.filter((s) => s.details.key === 'responseTemplates.received')[0]?.email).toBe('editor@example.test');
    expect((await auditOf('content.publish')).length).toBe(2);
  });

  it('new English sends the reviewed Arabic back to "needs update"', async () => {
    const res = await edit('text.en.responseTemplates.visit_on', editor, (v) => ({
      ...v,
      text: 'A housing officer will visit your home on {date}.',
    }));
    expect(res.status).toBe(200);
    expect((await publish()).status).toBe(201);
    const pack = await packOf(4);
    expect(pack.text.ar!.responseTemplates!.visit_on).toMatchObject({ status: 'draft', needsUpdate: true });
    expect(pack.text.vi!.responseTemplates!.visit_on!.needsUpdate).toBeUndefined();
    // the translator sees what is left to do in their language
    const { items } = (await (await get('/api/content/items', translator)).json()) as StudioItemList;
    const visit = items.find((i) => i.key === 'responseTemplates.visit_on')!;
    expect(visit.words).toMatchObject({ ar: 'needs_update', vi: 'draft', en: 'draft' });
  });
});
