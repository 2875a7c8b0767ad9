/** GET /api/reports/{trackingCode}: what a young person sees of their report, and what they never see. */
import { beforeAll, describe, expect, it } from 'vitest';
import { PublicReport, ReportCreated } from '#contract';
import { startTestApp } from '../helpers/test-app';
import { THANET, report, jpeg, reportRequests } from '../helpers/report-requests';

/** This file's app, started once. */
const t = startTestApp();
const { postMultipart } = reportRequests(t);

describe('GET /api/reports/{trackingCode}', () => {
  let created: ReportCreated;
  beforeAll(async () => {
    const res = await postMultipart(
      report({ contact: { method: 'email', value: 'young.person@example.org' }, description: 'SECRET-DESCRIPTION' }),
      [{ bytes: await jpeg() }],
    );
    created = ReportCreated.parse(await res.json());
    await t.db.query(
      `insert into report_updates (report_id, actor, from_status, to_status, public_note, internal_note)
       values ($1, 'officer@kent.example', 'new', 'acknowledged', 'We have your report and will visit on Tuesday.', 'SECRET-INTERNAL'),
              ($1, 'officer@kent.example', null, null, null, 'SECRET-INTERNAL-2')`,
      [created.id],
    );
    await t.db.query(`update reports set status = 'acknowledged', acknowledged_at = now() where id = $1`, [created.id]);
  });

  it('shows status, categories, district, dates, deadlines and public notes', async () => {
    const res = await t.app.request(`/api/reports/${created.trackingCode}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = PublicReport.parse(await res.json());
    expect(body).toMatchObject({
      trackingCode: created.trackingCode,
      status: 'acknowledged',
      urgent: false,
      categories: ['damp'],
      district: THANET,
      receivedAt: created.receivedAt,
      deadlines: created.deadlines,
      closedAt: null,
    });
    expect(body.acknowledgedAt).toEqual(expect.any(String));
    expect(body.updates).toEqual([
      { at: created.receivedAt, status: 'new' },
      { at: expect.any(String), status: 'acknowledged', note: 'We have your report and will visit on Tuesday.' },
    ]);
  });

  it('never shows the location, photos, contact, description, provider or internal notes', async () => {
    const res = await t.app.request(`/api/reports/${created.trackingCode}`);
    const text = await res.text();
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      [
        'accommodationType',
        'acknowledgedAt',
        'categories',
        'closedAt',
        'deadlines',
        'deadlinesBasis',
        'district',
        'receivedAt',
        'resolvedAt',
        'status',
        'trackingCode',
        'updatedAt',
        'updates',
        'urgent',
      ].sort(),
    );
    for (const secret of [
      '51.38',
      '1.386',
      'lat',
      'lng',
      'young.person@example.org',
      'SECRET',
      'Seaview',
      'officer@',
      'photo',
      created.id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('finds a code typed in lower case with spaces, and O for 0', async () => {
    const typed = created.trackingCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const res = await t.app.request(`/api/reports/${encodeURIComponent(typed)}`);
    expect(res.status).toBe(200);
  });

  it('answers an unknown code and a malformed one with the same 404', async () => {
    const unknown = await t.app.request('/api/reports/KNT-0000-0000-0000-0000');
    const malformed = await t.app.request(`/api/reports/${encodeURIComponent("' or 1=1 --")}`);
    const tooLong = await t.app.request(`/api/reports/${'K'.repeat(500)}`);
    expect([unknown.status, malformed.status, tooLong.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([unknown.text(), malformed.text(), tooLong.text()]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ error: { code: 'not_found' } });
  });
});
