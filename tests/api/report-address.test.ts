// The optional "flat or house number and street": stored with the report, shown to staff with the role
// (in the audited detail), cleared by retention, and in no public output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportDetail } from '#contract';
import { applyRetention } from '../../api/modules/retention/retention';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp, json } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;
const ADDRESS = 'Flat 3, 12 Seaview Terrace';
let created: { id: string; trackingCode: string };

beforeAll(async () => {
  t = await createTestApp();
  cookie = await signIn(t.app, await createStaff(t.db, { email: 'commissioner@kent.example', role: 'commissioner' }));
  created = await postReport(
    t.app,
    newReport({ location: { lat: 51.3813, lng: 1.3862 }, district: null, address: `  ${ADDRESS}  ` }),
  );
});
afterAll(() => t.close());

const stored = async (id: string) =>
  (await t.db.query<{ address_text: string | null }>('select address_text from reports where id = $1', [id]))[0]!
    .address_text;

describe('the address a young person gives', () => {
  it('is stored trimmed, and is optional (absent or empty → nothing stored)', async () => {
    expect(await stored(created.id)).toBe(ADDRESS);
    const without = await postReport(t.app, newReport());
    expect(await stored(without.id)).toBeNull();
    const empty = await postReport(t.app, newReport({ address: '   ' }));
    expect(await stored(empty.id)).toBeNull();
  });

  it('is refused over 200 characters, or when it is not text (400 naming the field), and nothing is stored', async () => {
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n;
    for (const address of ['x'.repeat(201), 42]) {
      const res = await t.app.request(
        '/api/reports',
        json(newReport({ address }), { 'idempotency-key': crypto.randomUUID() }),
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { fields?: Record<string, string> } };
      expect(Object.keys(body.error.fields ?? {})).toContain('address');
    }
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n).toBe(before);
  });

  it('staff with the role see it in the report detail (an audited read)', async () => {
    const res = await t.app.request(`/api/dashboard/reports/${created.id}`, asStaff(cookie));
    expect(res.status).toBe(200);
    const detail = ReportDetail.parse(await res.json());
    expect(detail.address).toBe(ADDRESS);
    const audits = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'report.read' and report_id = $1`,
      [created.id],
    );
    expect(audits[0]!.n).toBe(1);
  });

  it('a PA account (no dashboard role) does not get it', async () => {
    const pa = await signIn(t.app, await createStaff(t.db, { email: 'pa@kent.example', role: 'pa' }));
    const res = await t.app.request(`/api/dashboard/reports/${created.id}`, asStaff(pa));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Seaview');
  });

  it('appears in no public output: tracking view, Open311 without a key, published figures, CSV export', async () => {
    const outputs = [
      await t.app.request(`/api/reports/${created.trackingCode}`),
      await t.app.request('/open311/v2/requests.json'),
      await t.app.request('/open311/v2/requests.xml'),
      await t.app.request(`/open311/v2/requests/${created.id}.json`),
      await t.app.request('/api/stats/districts'),
      await t.app.request('/api/dashboard/export.csv', asStaff(cookie)),
      await t.app.request('/api/dashboard/reports', asStaff(cookie)),
    ];
    // Open311 without a key publishes no report at all (403 with the spec's error list)
    expect(outputs.map((res) => res.status)).toEqual([200, 403, 403, 403, 200, 200, 200]);
    for (const res of outputs) {
      const text = await res.text();
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain('Seaview');
      expect(text).not.toContain('Flat 3');
    }
  });

  it('is deleted by retention with the contact details once the report has been closed long enough', async () => {
    await t.db.query(
      `update reports set status = 'closed', closed_at = now() - interval '200 days', closed_reason = 'fixed', updated_at = now() - interval '200 days' where id = $1`,
      [created.id],
    );
    const result = await applyRetention(t.db, { days: 180 });
    expect(result.reports).toBeGreaterThanOrEqual(1);
    expect(await stored(created.id)).toBeNull();
    // a report with only an address left is still picked up (nothing else personal to clear)
    const onlyAddress = await postReport(t.app, newReport({ address: '7 Harbour Street' }));
    await t.db.query(
      `update reports set status = 'resolved', resolved_at = now() - interval '200 days', updated_at = now() - interval '200 days' where id = $1`,
      [onlyAddress.id],
    );
    expect((await applyRetention(t.db, { days: 180 })).reports).toBe(1);
    expect(await stored(onlyAddress.id)).toBeNull();
  });
});
