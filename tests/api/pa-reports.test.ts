/**
 * "Through my PA" reaches a person: a PA account sees the reports that name its email, and reports in its
 * districts whose young person asked for contact through their PA; reads them (audited), adds notes the
 * young person sees, and makes a report with a young person during a visit.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaReportDetail, PaReportList, PublicReport, ReportDetail } from '#contract';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

const THANET = 'E07000114';
const DOVER = 'E07000108';
let t: Awaited<ReturnType<typeof createTestApp>>;
const cookies = { named: '', other: '', thanet: '', commissioner: '' };
const ids = { named: '', namedCode: '', thanetPa: '', thanetPhone: '', dover: '', namedPa: '' };

beforeAll(async () => {
  t = await createTestApp();
  const named = await createStaff(t.db, { email: 'sam.pa@kent.example', role: 'pa' });
  ids.namedPa = named.id;
  cookies.named = await signIn(t.app, named);
  cookies.other = await signIn(t.app, await createStaff(t.db, { email: 'other.pa@kent.example', role: 'pa' }));
  cookies.thanet = await signIn(
    t.app,
    await createStaff(t.db, { email: 'thanet.pa@kent.example', role: 'pa', districts: [THANET] }),
  );
  cookies.commissioner = await signIn(
    t.app,
    await createStaff(t.db, { email: 'pa-test-commissioner@example.test', role: 'commissioner' }),
  );
  const named1 = await postReport(
    t.app,
    newReport({
      district: DOVER,
      contact: { method: 'pa' },
      pa: { name: 'Sam Patel', email: '  Sam.PA@Kent.Example ' },
      firstName: 'Amira',
      language: 'ar',
    }),
  );
  ids.named = named1.id;
  ids.namedCode = named1.trackingCode;
  ids.thanetPa = (await postReport(t.app, newReport({ district: THANET, contact: { method: 'pa' } }))).id;
  ids.thanetPhone = (
    await postReport(t.app, newReport({ district: THANET, contact: { method: 'phone', value: '07700 900123' } }))
  ).id;
  ids.dover = (await postReport(t.app, newReport({ district: DOVER, contact: { method: 'pa' } }))).id;
});
afterAll(() => t.close());

const list = async (cookie: string) =>
  PaReportList.parse(await (await t.app.request('/api/pa/reports', asStaff(cookie))).json()).reports;

describe('the report names the PA', () => {
  it('stores the PA’s email lower-cased, with the name and the young person’s first name, shown to staff', async () => {
    const detail = ReportDetail.parse(
      await (await t.app.request(`/api/dashboard/reports/${ids.named}`, asStaff(cookies.commissioner))).json(),
    );
    expect(detail).toMatchObject({
      pa: { name: 'Sam Patel', email: 'sam.pa@kent.example' },
      firstName: 'Amira',
      language: 'ar',
      madeBy: null,
    });
  });

  it('refuses a PA that is not an email, and a PA without contact method "pa"', async () => {
    for (const body of [
      newReport({ pa: { name: 'Sam', email: 'not-an-email' } }),
      newReport({ pa: { name: '', email: 'sam@kent.example' } }),
      newReport({ contact: { method: 'none' }, pa: { name: 'Sam', email: 'sam@kent.example' } }),
    ]) {
      const res = await t.app.request('/api/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(Object.keys(((await res.json()) as { error: { fields: object } }).error.fields)[0]).toMatch(/^pa/);
    }
  });
});

describe('Reports from my young people', () => {
  it('the named PA sees the report; another PA does not; a PA with Thanet sees Thanet reports sent through a PA only', async () => {
    expect((await list(cookies.named)).map((r) => [r.id, r.reason, r.firstName])).toEqual([
      [ids.named, 'named', 'Amira'],
    ]);
    expect(await list(cookies.other)).toEqual([]);
    const thanet = (await list(cookies.thanet)).map((r) => r.id);
    expect(thanet).toContain(ids.thanetPa);
    expect(thanet).not.toContain(ids.thanetPhone);
    expect(thanet).not.toContain(ids.dover);
  });

  it('a report that is not theirs is 404; other roles get 403 and nobody signed in 401', async () => {
    expect((await t.app.request(`/api/pa/reports/${ids.named}`, asStaff(cookies.other))).status).toBe(404);
    expect((await t.app.request(`/api/pa/reports/${ids.dover}`, asStaff(cookies.thanet))).status).toBe(404);
    expect((await t.app.request(`/api/pa/reports/not-a-uuid`, asStaff(cookies.named))).status).toBe(404);
    expect((await t.app.request('/api/pa/reports', asStaff(cookies.commissioner))).status).toBe(403);
    expect((await t.app.request('/api/pa/reports', asStaff(null))).status).toBe(401);
  });

  it('every read is audited: the list with the ids it showed, and each report opened', async () => {
    await list(cookies.named);
    const res = await t.app.request(`/api/pa/reports/${ids.named}`, asStaff(cookies.named));
    const body = PaReportDetail.parse(await res.json());
    expect(body).toMatchObject({ id: ids.named, language: 'ar', description: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/lat|lng|07700|photo/);
    const rows = await t.db.query<{ action: string; report_id: string | null; details: { reports?: string[] } }>(
      `select action, report_id, details from audit_log where actor_id = $1 order by id`,
      [ids.namedPa],
    );
    expect(rows.some((r) => r.action === 'pa.reports_list' && r.details.reports?.includes(ids.named))).toBe(true);
    expect(rows.some((r) => r.action === 'report.read' && r.report_id === ids.named)).toBe(true);
  });

  it('a PA adds a note (a template or free text) that the young person sees; not on others’ reports', async () => {
    const note = await t.app.request(
      `/api/pa/reports/${ids.named}/notes`,
      asStaff(cookies.named, { method: 'POST', body: { template: { id: 'received', fields: {} } } }),
    );
    expect(note.status).toBe(201);
    const update = PublicReport.parse(await (await t.app.request(`/api/reports/${ids.namedCode}`)).json()).updates.at(
      -1,
    );
    expect(update).toMatchObject({ template: { id: 'received', fields: {} } });
    expect(
      (
        await t.app.request(
          `/api/pa/reports/${ids.named}/notes`,
          asStaff(cookies.other, { method: 'POST', body: { publicNote: 'Hi' } }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await t.app.request(
          `/api/pa/reports/${ids.named}/notes`,
          asStaff(cookies.named, { method: 'POST', body: { status: 'resolved' } }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await t.app.request(`/api/pa/reports/${ids.named}/notes`, asStaff(cookies.named, { method: 'POST', body: {} })))
        .status,
    ).toBe(400);
  });

  it('a PA makes a report during a visit: recorded as made by them, naming them, in their list; a retry is the same report', async () => {
    const key = randomUUID();
    const body = newReport({ firstName: 'Jo' });
    const make = () =>
      t.app.request(
        '/api/pa/reports',
        asStaff(cookies.other, { method: 'POST', body, headers: { 'idempotency-key': key } }),
      );
    const first = await make();
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string };
    const again = await make();
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect((await list(cookies.other)).map((r) => r.id)).toEqual([created.id]);
    const detail = ReportDetail.parse(
      await (await t.app.request(`/api/dashboard/reports/${created.id}`, asStaff(cookies.commissioner))).json(),
    );
    expect(detail).toMatchObject({
      madeBy: 'other.pa@kent.example',
      pa: { email: 'other.pa@kent.example' },
      firstName: 'Jo',
    });
  });
  it('a PA makes a report with a photo from the phone form (multipart), stored without its metadata', async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6b5b45' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Artist: 'SECRET-CAMERA-OWNER' } } })
      .toBuffer();
    const form = new FormData();
    form.set('report', JSON.stringify(newReport({ description: 'Mould behind the wardrobe' })));
    form.append('photos', new Blob([photo], { type: 'image/jpeg' }), 'IMG_0001.jpg');
    const init = asStaff(cookies.other, { method: 'POST', headers: { 'idempotency-key': randomUUID() } });
    const res = await t.app.request('/api/pa/reports', { ...init, body: form });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const detail = ReportDetail.parse(
      await (await t.app.request(`/api/dashboard/reports/${id}`, asStaff(cookies.commissioner))).json(),
    );
    expect(detail.madeBy).toBe('other.pa@kent.example');
    expect(detail.photos).toHaveLength(1);
    const stored = await t.app.request(`/api/dashboard/reports/${id}/photos/1`, asStaff(cookies.commissioner));
    expect(stored.status).toBe(200);
    expect(Buffer.from(await stored.arrayBuffer()).includes('SECRET-CAMERA-OWNER')).toBe(false);
  });
});
