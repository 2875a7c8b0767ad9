/**
 * Keeping the content right, on a real database and a real local web server for the source links:
 * "Something wrong here?" notes (anonymous, idempotent, validated, rate-limited, nothing but what was
 * typed), the editors' queue, the content-health page (stale and unverified facts, words missing or not
 * reviewed, links fetched by the server with a time limit), "checked today" with the URL typed again, the
 * comparison of any two versions, and the reviewer beside each translation. Every change is audited.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ContentHealth,
  ContentNoteList,
  LinkCheckResult,
  PackDocument,
  StudioEntitlementList,
  VersionDiff,
} from '#contract';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { contentEdits } from '../helpers/content-edits';
import { asStaff, createStaff, ORIGIN, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let sources: Server;
let base = '';
const who = {} as Record<'editor' | 'translator' | 'pa' | 'admin', string>;

const get = (path: string, cookie: string | null = null) => t.app.request(path, asStaff(cookie));
const send = (method: string, path: string, body: unknown, cookie: string | null = null) =>
  t.app.request(path, asStaff(cookie, { method, body }));
const noteRequest = (body: unknown, key: string | null, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: {
    origin: ORIGIN,
    'content-type': 'application/json',
    ...(key ? { 'idempotency-key': key } : {}),
    ...headers,
  },
  body: JSON.stringify(body),
});
const postNote = (body: unknown, key: string | null = `note-${crypto.randomUUID()}`) =>
  t.app.request('/api/content/notes', noteRequest(body, key));
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; fields?: object } }).error;
const auditRows = async (action: string) =>
  t.db.query<{ details: Record<string, unknown> }>('select details from audit_log where action = $1 order by id', [
    action,
  ]);

const { open, edit } = contentEdits(() => t.app);
const health = async () => (await (await get('/api/content/health', who.editor)).json()) as ContentHealth;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['editor', 'translator', 'pa', 'admin'] as const) {
    const staff = await createStaff(t.db, {
      email: `${role}@example.test`,
      role,
      languages: role === 'translator' ? ['ar'] : undefined,
    });
    who[role] = await signIn(t.app, staff);
  }
  // the sources' websites, on this machine: one answers, one is gone, one never answers
  sources = createServer((req, res) => {
    if (req.url === '/ok') res.end('<h1>Setting up home allowance</h1>');
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 20_000).unref();
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => sources.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(sources.address() as AddressInfo).port}`;
});
afterAll(async () => {
  sources?.closeAllConnections();
  await new Promise((resolve) => sources?.close(resolve));
  await t?.close();
});

describe('"Something wrong here?" notes', () => {
  const note = {
    entitlementId: 'setting_up_home',
    locale: 'ar',
    from: 'young_person',
    note: 'The amount here is not what my PA told me.',
    version: 1,
  };

  it('takes a note without sign-in, once per Idempotency-Key, and keeps only what was typed', async () => {
    const key = `note-${crypto.randomUUID()}`;
    const first = await postNote(note, key);
    expect(first.status).toBe(201);
    const received = (await first.json()) as { id: string; receivedAt: string };
    const again = await postNote(note, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(received.id);
    expect((await postNote({ ...note, note: 'Something else entirely.' }, key)).status).toBe(422);
    const rows = await t.db.query<Record<string, unknown>>('select * from content_notes');
    expect(rows).toHaveLength(1);
    // the columns are the whole of what is kept: the page, the language, the sender's kind and their words
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'content_version',
      'done_at',
      'done_by',
      'entitlement_id',
      'id',
      'idempotency_key',
      'locale',
      'note',
      'received_at',
      'sender',
    ]);
    expect(rows[0]).toMatchObject({ entitlement_id: 'setting_up_home', locale: 'ar', sender: 'young_person' });
  });

  it('refuses what is not a note with a JSON error naming the field', async () => {
    const cases: [unknown, string | null, number, string, string?][] = [
      [note, null, 400, 'idempotency_key_required'],
      [{ ...note, note: 'x' }, 'note-short-1', 400, 'invalid', 'note'],
      [{ ...note, note: 'x'.repeat(1001) }, 'note-long-01', 400, 'invalid', 'note'],
      [{ ...note, locale: 'de' }, 'note-locale-1', 400, 'invalid', 'locale'],
      [{ ...note, from: 'commissioner' }, 'note-from-01', 400, 'invalid', 'from'],
      [{ ...note, entitlementId: 'no_such_thing' }, 'note-unknown', 400, 'invalid', 'entitlementId'],
      [{ ...note, email: 'me@example.test' }, 'note-extra-1', 400, 'invalid'],
    ];
    for (const [body, key, status, code, field] of cases) {
      const res = await postNote(body, key);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const error = await errorOf(res);
      expect(error.code).toBe(code);
      if (field) expect(Object.keys(error.fields ?? {})).toContain(field);
    }
    const crossSite = await t.app.request(
      '/api/content/notes',
      noteRequest(note, 'note-cross-1', { origin: 'https://evil.example' }),
    );
    expect(crossSite.status).toBe(403);
    expect((await t.db.query('select 1 from content_notes')).length).toBe(1);
  });

  it('limits how many notes one connection sends', async () => {
    const limited = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'on' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await limited.request(
        '/api/content/notes',
        noteRequest({ ...note, from: 'pa', note: `Burst note number ${i}` }, `note-burst-${i}-${crypto.randomUUID()}`),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await errorOf(res)).code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    await t.db.query("delete from content_notes where note like 'Burst note%'");
  });

  it('shows editors the queue; an editor marks a note done, audited; others cannot read it', async () => {
    expect((await get('/api/content/notes', who.pa)).status).toBe(403);
    expect((await get('/api/content/notes', null)).status).toBe(401);
    expect((await get('/api/content/notes', who.translator)).status).toBe(403);
    const open = (await (await get('/api/content/notes', who.editor)).json()) as ContentNoteList;
    expect(open.open).toBe(1);
    expect(open.notes[0]).toMatchObject({
      entitlementId: 'setting_up_home',
      title: 'Money to set up your first home',
      locale: 'ar',
      from: 'young_person',
      note: note.note,
      version: 1,
      doneAt: null,
    });
    const id = open.notes[0]!.id;
    expect((await send('PATCH', `/api/content/notes/${id}`, { done: 'yes' }, who.editor)).status).toBe(400);
    expect((await send('PATCH', `/api/content/notes/not-a-uuid`, { done: true }, who.editor)).status).toBe(404);
    expect((await send('PATCH', `/api/content/notes/${crypto.randomUUID()}`, { done: true }, who.editor)).status).toBe(
      404,
    );
    expect((await send('PATCH', `/api/content/notes/${id}`, { done: true }, who.editor)).status).toBe(204);
    const after = (await (await get('/api/content/notes', who.editor)).json()) as ContentNoteList;
    expect(after).toEqual({ open: 0, notes: [] });
    const done = (await (await get('/api/content/notes?state=done', who.editor)).json()) as ContentNoteList;
    expect(done.notes[0]).toMatchObject({ id, doneBy: 'editor@example.test' });
    expect((await get('/api/content/notes?state=everything', who.editor)).status).toBe(400);
    expect((await auditRows('content.note_done')).map((r) => r.details)).toEqual([{ id }]);
  });
});

describe('content health', () => {
  it('lists facts not checked for the period, unverified facts, and words missing or not reviewed', async () => {
    const h = await health();
    expect(h.staleAfterMonths).toBe(6);
    expect(h.checkedBefore).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(h.facts.length).toBeGreaterThan(50);
    for (const f of h.facts) expect(f.stale).toBe(f.lastChecked < h.checkedBefore);
    const kcc = h.facts.find((f) => f.key === 'schemes' && f.path.join('.') === 'councilTax.kcc');
    expect(kcc).toMatchObject({ unverified: true }); // currentVerified: false in the shipped pack
    const home = h.facts.find((f) => f.key === 'entitlements.setting_up_home' && !f.path.length);
    expect(home).toMatchObject({ label: 'Money to set up your first home', link: null });
    expect(h.languages.find((l) => l.locale === 'ar')!.unreviewed).toContain('staying_put');
    // a translation removed in the draft, another marked reviewed
    await edit('text.vi.entitlements.setting_up_home', who.editor, () => null);
    await edit('text.ar.entitlements.staying_put', who.editor, (v) => ({ ...v, status: 'reviewed' }));
    const after = await health();
    const vi = after.languages.find((l) => l.locale === 'vi')!;
    const ar = after.languages.find((l) => l.locale === 'ar')!;
    expect(vi.untranslated).toEqual(['setting_up_home']);
    expect(ar.unreviewed).not.toContain('staying_put');
    expect(ar.unreviewed).toContain('council_tax');
    expect(ar.untranslated).toEqual([]);
  });

  it('lets only an admin set the period, audited', async () => {
    expect((await send('PUT', '/api/content/health/settings', { staleAfterMonths: 1 }, who.editor)).status).toBe(403);
    expect((await send('PUT', '/api/content/health/settings', { staleAfterMonths: 0 }, who.admin)).status).toBe(400);
    const res = await send('PUT', '/api/content/health/settings', { staleAfterMonths: 1 }, who.admin);
    expect(res.status).toBe(200);
    const h = await health();
    expect(h.staleAfterMonths).toBe(1);
    const month = new Date();
    month.setUTCMonth(month.getUTCMonth() - 1);
    expect(Math.abs(Date.parse(h.checkedBefore) - month.getTime())).toBeLessThan(4 * 86_400_000);
    expect((await auditRows('content.health_settings')).map((r) => r.details)).toEqual([{ before: 6, after: 1 }]);
    await send('PUT', '/api/content/health/settings', { staleAfterMonths: 6 }, who.admin);
  });

  it('fetches source links on the server when asked, with a time limit, and keeps the result', async () => {
    // three facts of the draft point at the local server
    for (const [key, path] of [
      ['entitlements.setting_up_home', '/ok'],
      ['entitlements.staying_put', '/gone'],
      ['entitlements.council_tax', '/slow'],
    ] as const) {
      const res = await edit(key, who.editor, (v) => ({ ...v, source: { ...(v.source as object), url: base + path } }));
      expect(res.status, key).toBe(200);
    }
    // an address that is not a source of the draft is never fetched
    const elsewhere = await send('POST', '/api/content/health/links', { urls: [`${base}/admin`] }, who.editor);
    expect(elsewhere.status).toBe(400);
    expect((await send('POST', '/api/content/health/links', { urls: [base + '/ok'] }, who.translator)).status).toBe(
      403,
    );
    const started = Date.now();
    const res = await send(
      'POST',
      '/api/content/health/links',
      { urls: [base + '/ok', base + '/gone', base + '/slow'] },
      who.editor,
    );
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    const result = (await res.json()) as LinkCheckResult;
    expect(result).toMatchObject({ checked: 3, broken: 2 });
    const by = Object.fromEntries(result.links.map((l) => [l.url.slice(base.length), l]));
    expect(by['/ok']).toMatchObject({ ok: true, status: 200, problem: null });
    expect(by['/gone']).toMatchObject({ ok: false, status: 404, problem: 'HTTP 404' });
    expect(by['/slow']).toMatchObject({ ok: false, status: null, problem: 'no answer within 5 s' });
    expect(took).toBeLessThan(12_000);
    const h = await health();
    expect(h.facts.find((f) => f.key === 'entitlements.staying_put' && !f.path.length)?.link).toMatchObject({
      ok: false,
      status: 404,
    });
    expect((await auditRows('content.links_checked'))[0]!.details).toMatchObject({ checked: 3 });
  }, 20_000);

  it('marks a fact checked today only with its source URL typed again', async () => {
    const path = '/api/content/health/checked';
    const key = 'entitlements.setting_up_home';
    expect((await send('POST', path, { key, path: [] }, who.editor)).status).toBe(400);
    expect((await send('POST', path, { key, path: [], sourceUrl: 'not a url' }, who.editor)).status).toBe(400);
    expect(
      (await send('POST', path, { key: 'nothing.here', path: [], sourceUrl: base + '/ok' }, who.editor)).status,
    ).toBe(404);
    expect((await send('POST', path, { key, path: [], sourceUrl: base + '/ok' }, who.translator)).status).toBe(403);
    const today = new Date().toISOString().slice(0, 10);
    const confirmed = await send('POST', path, { key, path: [], sourceUrl: base + '/ok' }, who.editor);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ lastChecked: today, urlChanged: false });
    const nested = await send(
      'POST',
      path,
      { key: 'schemes', path: ['councilTax', 'kcc'], sourceUrl: 'https://www.kent.gov.uk/council-tax-care-leavers' },
      who.editor,
    );
    expect(nested.status).toBe(200);
    expect(await nested.json()).toMatchObject({ urlChanged: true });
    const draft = (await open('schemes', who.editor)).item.value as PackDocument['schemes'];
    expect(draft.councilTax.kcc).toMatchObject({
      lastChecked: today,
      source: { url: 'https://www.kent.gov.uk/council-tax-care-leavers' },
    });
    const h = await health();
    expect(h.facts.find((f) => f.key === key && !f.path.length)).toMatchObject({ lastChecked: today, stale: false });
    const audited = await auditRows('content.fact_checked');
    expect(audited.map((r) => r.details.urlChanged)).toEqual([false, true]);
  });
});

describe('comparing any two versions', () => {
  it('answers field by field and language by language, between versions or a version and the draft', async () => {
    expect((await get('/api/content/diff?from=1&to=draft', who.pa)).status).toBe(403);
    const toDraft = (await (await get('/api/content/diff?from=1&to=draft', who.translator)).json()) as VersionDiff;
    expect(toDraft.to).toBe('draft');
    const vi = toDraft.items.find((i) => i.key === 'text.vi.entitlements.setting_up_home');
    expect(vi).toMatchObject({ locale: 'vi', kind: 'removed' });
    const ar = toDraft.items.find((i) => i.key === 'text.ar.entitlements.staying_put');
    expect(ar).toMatchObject({
      locale: 'ar',
      kind: 'changed',
      changes: [{ path: 'status', was: 'draft', now: 'reviewed' }],
    });
    expect(toDraft.items.find((i) => i.key === 'schemes')).toMatchObject({ locale: null, kind: 'changed' });

    // every language needs words for every entitlement before publishing: the Vietnamese come back
    const vi0 = await open('text.vi.entitlements.setting_up_home', who.editor);
    expect((await edit('text.vi.entitlements.setting_up_home', who.editor, () => vi0.item.published)).status).toBe(200);
    const published = await send('POST', '/api/content/publish', { note: 'checked sources' }, who.editor);
    expect(published.status, await published.clone().text()).toBe(201);
    await edit('text.en.entitlements.staying_put', who.editor, (v) => ({
      ...v,
      summary: 'A new English summary for staying put.',
    }));
    expect((await send('POST', '/api/content/publish', {}, who.editor)).status).toBe(201);

    const oneToThree = (await (await get('/api/content/diff?from=1&to=3', who.editor)).json()) as VersionDiff;
    const keys = oneToThree.items.map((i) => i.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('text.en.entitlements.staying_put');
    expect(keys).toContain('entitlements.setting_up_home');
    const twoToThree = (await (await get('/api/content/diff?from=2&to=3', who.editor)).json()) as VersionDiff;
    expect(twoToThree.items.find((i) => i.key === 'text.en.entitlements.staying_put')?.changes).toEqual([
      { path: 'summary', was: expect.any(String), now: 'A new English summary for staying put.' },
    ]);
    // the other way round: the same items, was and now swapped
    const back = (await (await get('/api/content/diff?from=3&to=2', who.editor)).json()) as VersionDiff;
    expect(back.items.map((i) => i.key)).toEqual(twoToThree.items.map((i) => i.key));

    for (const [query, status] of [
      ['from=0&to=2', 400],
      ['from=1', 400],
      ['from=abc&to=draft', 400],
      ['from=1&to=99', 404],
    ] as const) {
      const res = await get(`/api/content/diff?${query}`, who.editor);
      expect(res.status, query).toBe(status);
      expect(Object.keys(await res.json())).toEqual(['error']);
    }
  });
});

describe('who reviewed a translation', () => {
  it('records the reviewer and the date when the words are marked reviewed, shown in the studio list', async () => {
    const key = 'text.ar.entitlements.birthday_allowance';
    const before = (await (await get('/api/content/entitlements', who.editor)).json()) as StudioEntitlementList;
    expect(before.entitlements.find((e) => e.id === 'birthday_allowance')!.texts.ar).toMatchObject({
      reviewedBy: null,
    });
    const res = await edit(key, who.translator, (v) => ({ ...v, status: 'reviewed' }));
    expect(res.status).toBe(200);
    const list = (await (await get('/api/content/entitlements', who.editor)).json()) as StudioEntitlementList;
    const ar = list.entitlements.find((e) => e.id === 'birthday_allowance')!.texts.ar!;
    expect(ar).toMatchObject({ status: 'reviewed', reviewedBy: 'translator@example.test' });
    expect(Date.now() - Date.parse(ar.reviewedAt!)).toBeLessThan(60_000);
    // a draft save records no review
    await edit('text.ar.entitlements.setting_up_home', who.translator, (v) => ({ ...v, status: 'draft' }));
    const again = (await (await get('/api/content/entitlements', who.editor)).json()) as StudioEntitlementList;
    expect(again.entitlements.find((e) => e.id === 'setting_up_home')!.texts.ar).toMatchObject({ reviewedBy: null });
  });
});
