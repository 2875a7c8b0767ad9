/**
 * A report can be followed from any phone and reaches a person: short tracking codes, the young person's
 * language, deadlines that say whether they are law, the young person's answers (reopening), template notes
 * and the staff search by code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicReport, ReportCreated, ReportDetail, type NewReport } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let commissioner = '';
beforeAll(async () => {
  t = await createTestApp();
  commissioner = await signIn(
    t.app,
    await createStaff(t.db, { email: 'follow-commissioner@example.test', role: 'commissioner' }),
  );
});
afterAll(() => t.close());

const post = (body: unknown, key = randomUUID()) =>
  t.app.request('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
const view = async (code: string) =>
  PublicReport.parse(await (await t.app.request(`/api/reports/${encodeURIComponent(code)}`)).json());
const detail = async (id: string) =>
  ReportDetail.parse(await (await t.app.request(`/api/dashboard/reports/${id}`, asStaff(commissioner))).json());
const patch = (id: string, body: unknown) =>
  t.app.request(`/api/dashboard/reports/${id}`, asStaff(commissioner, { method: 'PATCH', body }));
const reply = (code: string, body: unknown, key = randomUUID()) =>
  t.app.request(`/api/reports/${encodeURIComponent(code)}/replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

describe('language', () => {
  it('is stored (missing means en) and shown to staff', async () => {
    const arabic = await postReport(t.app, newReport({ language: 'ar' }));
    const { language: _, ...withoutLanguage } = newReport();
    const english = await postReport(t.app, withoutLanguage);
    expect((await detail(arabic.id)).language).toBe('ar');
    expect((await detail(english.id)).language).toBe('en');
  });

  it.each([['xx'], ['AR'], ['fa'], [7], [null]])(
    'refuses %s with 400 naming the field, storing nothing',
    async (language) => {
      const before = (await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n;
      const res = await post(newReport({ language }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(
        'language',
      );
      expect((await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n).toBe(before);
    },
  );
});

describe('tracking codes', () => {
  it('are at most 12 symbols besides dashes, and found typed in lower case without dashes', async () => {
    const { trackingCode } = await postReport(t.app);
    expect(trackingCode.toUpperCase()).toMatch(/^[0-9A-HJKMNP-TV-Z-]{1,14}$/);
    expect(trackingCode.replace(/-/g, '').length).toBeLessThanOrEqual(12);
    expect((await view(trackingCode.toLowerCase().replace(/-/g, ''))).trackingCode).toBe(trackingCode);
    expect((await view(` ${trackingCode.toLowerCase().replace(/0/g, 'o').replace(/-/g, ' ')} `)).trackingCode).toBe(
      trackingCode,
    );
  });

  it('a code with one symbol wrong is 404, like an unknown one', async () => {
    const { trackingCode } = await postReport(t.app);
    const last = trackingCode.at(-1) === 'A' ? 'B' : 'A';
    const res = await t.app.request(`/api/reports/${trackingCode.slice(0, -1)}${last}`);
    expect(res.status).toBe(404);
  });

  it('codes made before the short format keep working', async () => {
    const { id } = await postReport(t.app);
    await t.db.query(`update reports set tracking_code = 'KNT-56MN-26KP-Y3TM-4CJT' where id = $1`, [id]);
    expect((await view('knt 56mn 26kp y3tm 4cjt')).trackingCode).toBe('KNT-56MN-26KP-Y3TM-4CJT');
  });

  it('staff find a report by its code or part of it, typed any way, and the list shows the code', async () => {
    const { id, trackingCode } = await postReport(t.app);
    const part = trackingCode.slice(5, 12).toLowerCase();
    const res = await t.app.request(`/api/dashboard/reports?code=${encodeURIComponent(part)}`, asStaff(commissioner));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reports: { id: string; trackingCode: string }[]; total: number };
    expect(body.reports.map((r) => r.id)).toContain(id);
    expect(
      body.reports.every((r) => r.trackingCode.replace(/-/g, '').includes(part.toUpperCase().replace(/-/g, ''))),
    ).toBe(true);
    const none = await t.app.request(`/api/dashboard/reports?code=ZZZZZZZZZZZ`, asStaff(commissioner));
    expect(((await none.json()) as { total: number }).total).toBe(0);
    expect(
      (await t.app.request(`/api/dashboard/reports?code=${encodeURIComponent("' or 1=1")}`, asStaff(commissioner)))
        .status,
    ).toBe(400);
  });
});

describe('deadlines basis', () => {
  const basisOf = async (overrides: Record<string, unknown>) => {
    const res = await post(newReport(overrides));
    expect(res.status).toBe(201);
    const created = ReportCreated.parse(await res.json());
    expect((await view(created.trackingCode)).deadlinesBasis).toBe(created.deadlinesBasis);
    return created.deadlinesBasis;
  };

  it('damp in private renting is the council’s target; in social housing it is law', async () => {
    expect(await basisOf({ categories: ['damp'], accommodationType: 'private_rented' })).toBe('target');
    expect(await basisOf({ categories: ['damp'], accommodationType: 'social_housing' })).toBe('law');
  });

  it('is law only for a hazard whose phase is in force: not pests or a lock yet; an emergency of any hazard yes', async () => {
    expect(await basisOf({ categories: ['pests'], accommodationType: 'social_housing' })).toBe('target');
    expect(await basisOf({ categories: ['locks_doors_windows'], accommodationType: 'social_housing' })).toBe('target');
    expect(await basisOf({ categories: ['gas_co'], accommodationType: 'social_housing' })).toBe('law');
    expect(await basisOf({ categories: ['overcrowding'], feelsSafe: 'no', accommodationType: 'social_housing' })).toBe(
      'target',
    );
    expect(await basisOf({ categories: ['damp'], accommodationType: 'supported' })).toBe('target');
  });

  it('is the target for a report that arrived before phase 1 was in force', async () => {
    const result = await createReport(t.db, {
      report: newReport({ accommodationType: 'social_housing' }) as NewReport,
      idempotencyKey: randomUUID(),
      requestHash: 'test',
      photos: [],
      receivedAt: new Date('2025-10-24T12:00:00Z'),
    });
    expect(result.response.deadlinesBasis).toBe('target');
    expect((await detail(result.response.id)).deadlinesBasis).toBe('target');
  });
});

describe('the young person answers', () => {
  it('a reply is in the public history and in the staff history', async () => {
    const { id, trackingCode } = await postReport(t.app);
    expect((await patch(id, { publicNote: 'Can you send a photo of the window?' })).status).toBe(200);
    const res = await reply(trackingCode.toLowerCase(), { kind: 'reply', text: 'I will send one tomorrow.' });
    expect(res.status).toBe(201);
    const body = PublicReport.parse(await res.json());
    expect(body.updates.at(-1)).toMatchObject({ reply: { kind: 'reply', text: 'I will send one tomorrow.' } });
    expect(body.status).toBe('new');
    expect((await detail(id)).history.at(-1)).toMatchObject({
      actor: 'reporter',
      reply: { kind: 'reply', text: 'I will send one tomorrow.' },
    });
  });

  it('"It came back" reopens a resolved report once, however often the phone sends it; a different body with that key is 422', async () => {
    const { id, trackingCode } = await postReport(t.app, newReport({ categories: ['mould'] }));
    for (const status of ['acknowledged', 'resolved']) expect((await patch(id, { status })).status).toBe(200);
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => reply(trackingCode, { kind: 'came_back' }, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.filter((a) => a.headers.get('idempotency-replayed') === 'true')).toHaveLength(2);
    const rows = await t.db.query(`select 1 from report_updates where idempotency_key = $1`, [key]);
    expect(rows).toHaveLength(1);
    const after = await view(trackingCode);
    expect(after).toMatchObject({ status: 'reopened', resolvedAt: null });
    expect(after.updates.filter((u) => u.status === 'reopened')).toHaveLength(1);
    // its clocks start again
    const reopened = await detail(id);
    expect(reopened.dueAt).not.toBeNull();
    expect(new Date(reopened.dueAt!).getTime()).toBeGreaterThan(Date.now());
    expect(reopened.nextStatuses).toContain('acknowledged');
    expect((await reply(trackingCode, { kind: 'reply', text: 'other' }, key)).status).toBe(422);
  });

  it('"It came back" on an open report is 409; "It\'s not fixed" on an open one is an answer, on a closed one it reopens', async () => {
    const { id, trackingCode } = await postReport(t.app);
    expect((await reply(trackingCode, { kind: 'came_back' })).status).toBe(409);
    const notFixed = await reply(trackingCode, { kind: 'not_fixed', text: 'Still wet.' });
    expect(notFixed.status).toBe(201);
    expect(PublicReport.parse(await notFixed.json()).status).toBe('new');
    expect((await patch(id, { status: 'closed', closedReason: 'Landlord says fixed.' })).status).toBe(200);
    const reopen = await reply(trackingCode, { kind: 'not_fixed' });
    expect(PublicReport.parse(await reopen.json()).status).toBe('reopened');
  });

  it('staff cannot set reopened themselves, and resolved stays final for them', async () => {
    const { id } = await postReport(t.app);
    expect((await patch(id, { status: 'reopened' })).status).toBe(400);
    expect((await patch(id, { status: 'acknowledged' })).status).toBe(200);
    expect((await patch(id, { status: 'resolved' })).status).toBe(200);
    expect((await patch(id, { status: 'acknowledged' })).status).toBe(409);
  });

  it('refuses a bad answer (400), an unknown code (404) and a missing key (400)', async () => {
    const { trackingCode } = await postReport(t.app);
    expect((await reply(trackingCode, { kind: 'reply' })).status).toBe(400);
    expect((await reply(trackingCode, { kind: 'thanks' })).status).toBe(400);
    expect((await reply(trackingCode, { kind: 'reply', text: 'x'.repeat(1001) })).status).toBe(400);
    expect((await reply('0000-0000-0000', { kind: 'reply', text: 'hi' })).status).toBe(404);
    const noKey = await t.app.request(`/api/reports/${trackingCode}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'reply', text: 'hi' }),
    });
    expect(noKey.status).toBe(400);
  });
});

describe('template notes', () => {
  it('reach the young person as the template and its fields, with free text beside them', async () => {
    const { id, trackingCode } = await postReport(t.app, newReport({ language: 'ar' }));
    const res = await patch(id, {
      status: 'acknowledged',
      template: { id: 'visit_on', fields: { date: '2026-12-15' } },
      publicNote: 'Bring your tenancy.',
    });
    expect(res.status).toBe(200);
    const update = (await view(trackingCode)).updates.at(-1)!;
    expect(update).toEqual({
      at: expect.any(String),
      status: 'acknowledged',
      template: { id: 'visit_on', fields: { date: '2026-12-15' } },
      note: 'Bring your tenancy.',
    });
    expect((await detail(id)).history.at(-1)!.template).toEqual({ id: 'visit_on', fields: { date: '2026-12-15' } });
  });

  it.each([
    [{ id: 'no_such_template', fields: {} }, 'template.id'],
    [{ id: 'visit_on', fields: {} }, 'template.fields.date'],
    [{ id: 'visit_on', fields: { date: 'Tuesday' } }, 'template.fields.date'],
    [{ id: 'need_access', fields: { phone: 'call me' } }, 'template.fields.phone'],
    [{ id: 'received', fields: { date: '2026-12-15' } }, 'template.fields.date'],
  ])('refuses %o naming %s, changing nothing', async (template, field) => {
    const { id, trackingCode } = await postReport(t.app);
    const res = await patch(id, { status: 'acknowledged', template });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty([field]);
    expect((await view(trackingCode)).status).toBe('new');
  });
});
