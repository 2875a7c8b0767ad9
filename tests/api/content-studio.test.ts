/**
 * The content studio's API on a real database: version 1 loaded once, who may change what, drafts
 * invisible to the public, publish, republish (rollback), 412 on a stale save, no fact published without
 * its source, and an audit row for every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem, ContentVersion, PackDocument } from '#contract';
import { prepareDatabase } from '../../api/db/prepare';
import { contentEdits } from '../helpers/content-edits';
import { asStaff, createStaff, signIn, type TestStaff } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
const who: Record<'editor' | 'translator' | 'pa' | 'commissioner' | 'admin', { staff: TestStaff; cookie: string }> =
  {} as never;

const AR = 'text.ar.entitlements.setting_up_home';
const VI = 'text.vi.entitlements.setting_up_home';
const EN = 'text.en.entitlements.setting_up_home';
const FACT = 'entitlements.setting_up_home';

const get = (path: string, cookie: string | null = null) => t.app.request(path, asStaff(cookie));
const version = async () => (await (await get('/api/content/version')).json()) as ContentVersion;
const packOf = async (n: number) => (await (await get(`/api/content/versions/${n}/pack`)).json()) as PackDocument;

const { open, edit } = contentEdits(() => t.app);

const save = (key: string, value: unknown, cookie: string | null, etag?: string) =>
  t.app.request(
    `/api/content/items/${key}`,
    asStaff(cookie, { method: 'PUT', body: { value }, headers: etag ? { 'if-match': etag } : {} }),
  );

const publish = (cookie: string | null, body: unknown = {}) =>
  t.app.request('/api/content/publish', asStaff(cookie, { method: 'POST', body }));

const auditRows = async (action: string) =>
  t.db.query<{ email: string | null; details: Record<string, unknown> }>(
    `select u.email, a.details from audit_log a left join staff_users u on u.id = a.actor_id where a.action = $1 order by a.id`,
    [action],
  );

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['editor', 'translator', 'pa', 'commissioner', 'admin'] as const) {
    const staff = await createStaff(t.db, {
      email: `${role}@example.test`,
      role,
      languages: role === 'translator' ? ['ar'] : undefined,
    });
    who[role] = { staff, cookie: await signIn(t.app, staff) };
  }
});
afterAll(() => t?.close());

describe('content versions', () => {
  it('loads the shipped pack as version 1, once, even when two servers start together', async () => {
    const again = await t.db.connectAgain();
    try {
      await Promise.all([prepareDatabase(t.db), prepareDatabase(again)]);
    } finally {
      if (again !== t.db) await again.close();
    }
    const rows = await t.db.query<{ version: number }>('select version from content_versions');
    expect(rows.map((r) => Number(r.version))).toEqual([1]);
    expect(await auditRows('content.load')).toHaveLength(1);
    const v = await version();
    expect(v.version).toBe(1);
    expect(new Date(v.publishedAt).toISOString()).toBe(v.publishedAt);
    const pack = await packOf(1);
    expect(pack.entitlements.find((e) => e.id === 'setting_up_home')?.source.url).toMatch(/^https:/);
    expect(Object.keys(pack.text).sort()).toEqual(['ar', 'ckb', 'en', 'fa-AF', 'ps', 'sq', 'ti', 'vi']);
  });

  it('lets a translator change only the words of their languages', async () => {
    const { cookie } = who.translator;
    const res = await edit(AR, cookie, (v) => ({ ...v, title: 'عنوان جديد للاختبار', status: 'reviewed' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ContentItem).inDraft).toBe(true);
    for (const key of [VI, EN, FACT, 'text.vi.urgentHelp', 'manifest']) {
      const { etag, item } = await open(key, who.editor.cookie);
      const refused = await save(key, item.value, cookie, etag);
      expect(refused.status, key).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect(await auditRows('content.save')).toHaveLength(1);
  });

  it('refuses anyone who does not edit content: PA, commissioner, anonymous', async () => {
    const { etag, item } = await open(EN, who.editor.cookie);
    for (const [cookie, status] of [
      [who.pa.cookie, 403],
      [who.commissioner.cookie, 403],
      [null, 401],
    ] as const) {
      expect((await get(`/api/content/items/${EN}`, cookie)).status).toBe(status);
      expect((await get('/api/content/draft', cookie)).status).toBe(status);
      expect((await save(EN, { ...(item.value as object), title: 'Changed' }, cookie, etag)).status).toBe(status);
      expect((await publish(cookie)).status).toBe(status);
      expect(
        (await t.app.request('/api/content/versions/1/republish', asStaff(cookie, { method: 'POST', body: {} })))
          .status,
      ).toBe(status);
    }
    expect((await publish(who.translator.cookie)).status).toBe(403);
    expect(await auditRows('content.save')).toHaveLength(1);
  });

  it('keeps the draft from the public until it is published', async () => {
    expect((await version()).version).toBe(1);
    expect((await packOf(1)).text.ar!.entitlements.setting_up_home!.title).not.toBe('عنوان جديد للاختبار');
    expect((await get('/api/content/versions/2/pack')).status).toBe(404);
    const draft = (await (await get('/api/content/draft', who.editor.cookie)).json()) as {
      basedOn: number;
      items: { key: string; updatedBy: string }[];
    };
    expect(draft).toMatchObject({ basedOn: 1, items: [{ key: AR, updatedBy: 'translator@example.test' }] });
  });

  it('answers a stale save with 412 and keeps the first change', async () => {
    const first = await open(EN, who.editor.cookie);
    const second = await open(EN, who.admin.cookie);
    const value = first.item.value as Record<string, unknown>;
    const saved = await save(EN, { ...value, summary: 'The first editor’s summary.' }, who.editor.cookie, first.etag);
    expect(saved.status).toBe(200);
    const stale = await save(EN, { ...value, summary: 'The second editor’s summary.' }, who.admin.cookie, second.etag);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('edit_conflict');
    expect(stale.headers.get('etag')).toBe(saved.headers.get('etag'));
    expect(((await open(EN, who.editor.cookie)).item.value as Record<string, unknown>).summary).toBe(
      'The first editor’s summary.',
    );
    // without If-Match nothing is saved either
    expect((await save(EN, { ...value, summary: 'No precondition.' }, who.editor.cookie)).status).toBe(428);
    expect(await auditRows('content.save')).toHaveLength(2);
  });

  it('refuses an item the build schemas refuse', async () => {
    const res = await edit(EN, who.editor.cookie, (v) => ({ ...v, easyRead: ['Only one line.'] }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty([
      'text.en.entitlements.setting_up_home.easyRead',
    ]);
  });

  it('never publishes a fact without its source URL, source title and last-checked date', async () => {
    const original = (await open(FACT, who.editor.cookie)).item.value as Record<string, unknown>;
    for (const broken of [
      (v: Record<string, unknown>) => ({ ...v, source: undefined }),
      (v: Record<string, unknown>) => ({ ...v, source: { title: 'Kent Cares Town' } }),
      (v: Record<string, unknown>) => ({ ...v, source: { url: 'https://example.org/' } }),
      (v: Record<string, unknown>) => ({ ...v, lastChecked: undefined }),
    ]) {
      // a draft may lack them while someone finds the source
      expect((await edit(FACT, who.editor.cookie, (v) => JSON.parse(JSON.stringify(broken(v))))).status).toBe(200);
      const refused = await publish(who.editor.cookie);
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('source_required');
      expect((await version()).version).toBe(1);
    }
    // putting the published value back takes the item out of the draft
    const back = await edit(FACT, who.editor.cookie, () => original);
    expect(back.status).toBe(200);
    expect(((await back.json()) as ContentItem).inDraft).toBe(false);
  });

  it('publishes the draft as version 2, and published versions never change', async () => {
    const res = await publish(who.editor.cookie, { note: 'Arabic title reviewed' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as ContentVersion).version).toBe(2);
    expect((await version()).version).toBe(2);
    const pack = await packOf(2);
    expect(pack.text.ar!.entitlements.setting_up_home).toMatchObject({
      title: 'عنوان جديد للاختبار',
      status: 'reviewed',
    });
    expect(pack.text.en!.entitlements.setting_up_home!.summary).toBe('The first editor’s summary.');
    expect((await packOf(1)).text.en!.entitlements.setting_up_home!.summary).not.toBe('The first editor’s summary.');
    expect(((await (await get('/api/content/draft', who.editor.cookie)).json()) as { items: unknown[] }).items).toEqual(
      [],
    );
    expect((await publish(who.editor.cookie)).status).toBe(409);
    await expect(t.db.query(`update content_versions set note = 'changed' where version = 1`)).rejects.toThrow(
      /cannot change/,
    );
    await expect(t.db.query('delete from content_versions where version = 2')).rejects.toThrow(/cannot change/);
  });

  it('republishes an earlier version under a new number (rollback)', async () => {
    const res = await t.app.request(
      '/api/content/versions/1/republish',
      asStaff(who.editor.cookie, { method: 'POST', body: { note: 'back to the shipped pack' } }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 3, restoredFrom: 1 });
    expect((await version()).version).toBe(3);
    expect(await packOf(3)).toEqual(await packOf(1));
    expect(
      (
        await t.app.request(
          '/api/content/versions/3/republish',
          asStaff(who.editor.cookie, { method: 'POST', body: {} }),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await t.app.request(
          '/api/content/versions/99/republish',
          asStaff(who.editor.cookie, { method: 'POST', body: {} }),
        )
      ).status,
    ).toBe(404);
    const list = (await (await get('/api/content/versions', who.translator.cookie)).json()) as {
      versions: { version: number; publishedBy: string | null; restoredFrom: number | null }[];
    };
    expect(list.versions.map((v) => [v.version, v.publishedBy, v.restoredFrom])).toEqual([
      [3, 'editor@example.test', 1],
      [2, 'editor@example.test', null],
      [1, null, null],
    ]);
  });

  it('audits every change with who made it', async () => {
    const saves = await auditRows('content.save');
    // 1 translator save, 1 editor save, 4 broken facts and the fact put back
    expect(saves).toHaveLength(7);
    expect(saves[0]).toMatchObject({ email: 'translator@example.test', details: { key: AR, basedOn: 1 } });
    expect(saves[1]!.details).toMatchObject({ key: EN, after: { summary: 'The first editor’s summary.' } });
    expect(await auditRows('content.publish')).toEqual([
      {
        email: 'editor@example.test',
        details: { version: 2, basedOn: 1, keys: [AR, EN], note: 'Arabic title reviewed' },
      },
    ]);
    expect(await auditRows('content.republish')).toEqual([
      {
        email: 'editor@example.test',
        details: { version: 3, restoredFrom: 1, replaced: 2, note: 'back to the shipped pack' },
      },
    ]);
  });
});

describe('editor and translator accounts (admin API)', () => {
  const create = (body: unknown) =>
    t.app.request('/api/auth/staff', asStaff(who.admin.cookie, { method: 'POST', body }));

  it('creates a translator with languages, and refuses languages where they do not belong', async () => {
    const ok = await create({ email: 'ti@example.test', role: 'translator', languages: ['ar', 'ti'] });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { staff: { role: string; languages: string[] } }).staff).toMatchObject({
      role: 'translator',
      languages: ['ar', 'ti'],
    });
    expect((await create({ email: 'editor2@example.test', role: 'editor' })).status).toBe(201);
    expect((await create({ email: 'nolang@example.test', role: 'translator' })).status).toBe(400);
    expect((await create({ email: 'en@example.test', role: 'translator', languages: ['en'] })).status).toBe(400);
    expect((await create({ email: 'pa2@example.test', role: 'pa', languages: ['ar'] })).status).toBe(400);
    const me = (await (await get('/api/auth/me', who.translator.cookie)).json()) as { languages: string[] };
    expect(me.languages).toEqual(['ar']);
  });

  it('changes a translator’s languages, which ends their sessions', async () => {
    const { staff, cookie } = who.translator;
    const res = await t.app.request(
      `/api/auth/staff/${staff.id}`,
      asStaff(who.admin.cookie, { method: 'PATCH', body: { languages: ['vi'] } }),
    );
    expect(res.status).toBe(200);
    expect((await get('/api/auth/me', cookie)).status).toBe(401);
    const fresh = await signIn(t.app, staff);
    expect((await edit(VI, fresh, (v) => ({ ...v, title: 'Tiêu đề mới' }))).status).toBe(200);
    expect((await edit(AR, fresh, (v) => ({ ...v, title: 'عنوان' }))).status).toBe(403);
  });
});
