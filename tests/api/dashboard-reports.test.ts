/** The dashboard's report list, a report's detail, photos and audit log, and the workflow of its status. */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { THANET, DOVER, startDashboardApp } from '../helpers/dashboard-app';

/** This file's app, started once, with its staff signed in and a report in Thanet and in Dover. */
const t = startDashboardApp();
const { addReport, req, patch, staff, seeded } = t;

describe('report list', () => {
  it('goes back through all of history by default, sorted by deadline, while the summary covers 12 months', async () => {
    const old = await addReport(
      { district: 'E07000109', categories: ['gas_co'] },
      { receivedAt: new Date(Date.now() - 600 * 86400_000) },
    );
    const recent = await addReport({ district: 'E07000109', categories: ['damp'] });
    const list = (await (await req('/api/dashboard/reports?district=E07000109', 'all')).json()) as {
      reports: { id: string; overdue: boolean }[];
    };
    expect(list.reports.map((r) => r.id)).toEqual([old, recent]);
    expect(list.reports[0]!.overdue).toBe(true);
    const summary = (await (await req('/api/dashboard/summary?district=E07000109', 'all')).json()) as {
      districts: { total: number }[];
    };
    expect(summary.districts[0]!.total).toBe(1);
    const csv = await (await req('/api/dashboard/export.csv?district=E07000109', 'all')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });
});

describe('report detail, photos and the audit log', () => {
  it('shows description, exact location, photos and history, and logs the read', async () => {
    const located = await addReport({ district: null, location: { lat: 51.3813, lng: 1.3862 } }, { photos: 1 });
    const res = await req(`/api/dashboard/reports/${located}`, 'thanet');
    expect(res.status).toBe(200);
    const detail = (await res.json()) as Record<string, unknown>;
    expect(detail).toMatchObject({
      id: located,
      description: expect.stringContaining('mould'),
      location: { lat: 51.3813, lng: 1.3862 },
      district: { code: THANET, name: 'Thanet' },
      photos: [{ n: 1, url: `/api/dashboard/reports/${located}/photos/1` }],
      history: [{ actor: 'reporter', toStatus: 'new' }],
      nextStatuses: ['acknowledged', 'closed'],
    });
    const audit = await t.db.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where report_id = $1',
      [located],
    );
    expect(audit).toEqual([{ action: 'report.read', actor_id: staff.thanet.id }]);
  });

  it('serves a photo as image/jpeg, inline with a safe name, and logs it', async () => {
    const res = await req(`/api/dashboard/reports/${seeded.thanet}/photos/1`, 'thanet');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="report-[0-9a-f]{8}-photo-1\.jpg"$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(seeded.jpeg)).toBe(true);
    const audit = await t.db.query<{ details: { n: number } }>(
      `select details from audit_log where report_id = $1 and action = 'report.photo_read' and actor_id = $2`,
      [seeded.thanet, staff.thanet.id],
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.details).toEqual({ n: 1 });
  });

  it('answers 404 for an unknown report, photo or malformed id', async () => {
    expect((await req(`/api/dashboard/reports/${randomUUID()}`, 'all')).status).toBe(404);
    expect((await req('/api/dashboard/reports/not-an-id', 'all')).status).toBe(404);
    expect((await req(`/api/dashboard/reports/${seeded.thanet}/photos/2`, 'all')).status).toBe(404);
    expect((await req(`/api/dashboard/reports/${seeded.thanet}/photos/x`, 'all')).status).toBe(404);
  });

  it('lets an admin read the audit log', async () => {
    const res = await req(`/api/auth/audit?reportId=${seeded.thanet}`, 'admin');
    const body = (await res.json()) as { entries: { actor: string; action: string }[] };
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.entries).toContainEqual(
      expect.objectContaining({ actor: 'thanet@example.test', action: 'report.photo_read' }),
    );
  });
});

describe('workflow', () => {
  it('acknowledges with a public note the young person sees by tracking code', async () => {
    const id = await addReport({ district: THANET });
    const res = await patch(id, 'thanet', {
      status: 'acknowledged',
      publicNote: 'Synthetic: we have asked the landlord to visit.',
    });
    expect(res.status).toBe(200);
    const detail = (await res.json()) as { status: string; acknowledgedAt: string | null; history: unknown[] };
    expect(detail.status).toBe('acknowledged');
    expect(detail.acknowledgedAt).not.toBeNull();
    expect(detail.history).toContainEqual(
      expect.objectContaining({ actor: 'thanet@example.test', fromStatus: 'new', toStatus: 'acknowledged' }),
    );

    const [{ tracking_code }] = (await t.db.query<{ tracking_code: string }>(
      'select tracking_code from reports where id = $1',
      [id],
    )) as [{ tracking_code: string }];
    const pub = (await (await t.app.request(`/api/reports/${tracking_code}`)).json()) as {
      status: string;
      updates: { note?: string }[];
    };
    expect(pub.status).toBe('acknowledged');
    expect(pub.updates.map((u) => u.note)).toContain('Synthetic: we have asked the landlord to visit.');

    const audit = await t.db.query<{ details: Record<string, unknown> }>(
      `select details from audit_log where report_id = $1 and action = 'report.update'`,
      [id],
    );
    expect(audit).toEqual([{ details: { from: 'new', to: 'acknowledged', publicNote: true, internalNote: false } }]);
  });

  it('keeps internal notes out of the public view', async () => {
    const id = await addReport({ district: THANET });
    await patch(id, 'thanet', { internalNote: 'Synthetic: landlord known to us.' });
    const [{ tracking_code }] = (await t.db.query<{ tracking_code: string }>(
      'select tracking_code from reports where id = $1',
      [id],
    )) as [{ tracking_code: string }];
    const text = await (await t.app.request(`/api/reports/${tracking_code}`)).text();
    expect(text).not.toContain('landlord known');
  });

  it.each([
    [['resolved'], 'new → resolved'],
    [['acknowledged', 'new'], 'acknowledged → new'],
    [['acknowledged', 'acknowledged'], 'the same status again'],
    [['acknowledged', 'resolved', 'investigating'], 'resolved → investigating'],
  ])('refuses %j (%s) with 409 and changes nothing', async (steps) => {
    const id = await addReport({ district: DOVER });
    for (const [i, status] of steps.entries()) {
      const res = await patch(id, 'all', { status });
      if (i < steps.length - 1) expect(res.status).toBe(200);
      else {
        expect(res.status).toBe(409);
        expect(await res.json()).toMatchObject({ error: { code: 'illegal_transition' } });
      }
    }
    const updates = await t.db.query('select 1 from report_updates where report_id = $1', [id]);
    expect(updates).toHaveLength(steps.length); // 'new' at creation + each accepted step
  });

  it('closes from any open state only with a reason, then the report is final', async () => {
    const id = await addReport({ district: DOVER });
    expect((await patch(id, 'all', { status: 'closed' })).status).toBe(400);
    const res = await patch(id, 'all', { status: 'closed', closedReason: 'Synthetic: duplicate of another report.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'closed',
      closedReason: 'Synthetic: duplicate of another report.',
      dueAt: null,
      nextStatuses: [],
    });
    expect((await patch(id, 'all', { status: 'acknowledged' })).status).toBe(409);
  });

  it('runs the whole workflow and moves the next deadline along', async () => {
    const id = await addReport({ district: DOVER, categories: ['mould'] });
    const seen: (string | null)[] = [];
    for (const status of ['acknowledged', 'investigating', 'works_scheduled', 'resolved']) {
      const res = await patch(id, 'all', { status });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        dueAt: string | null;
        deadlines: Record<string, string>;
        resolvedAt: string | null;
      };
      seen.push(body.dueAt);
      if (status === 'works_scheduled') expect(body.dueAt).toBe(body.deadlines.makeSafeBy);
      if (status === 'resolved') expect(body.resolvedAt).not.toBeNull();
    }
    expect(seen.at(-1)).toBeNull();
  });

  it('rejects malformed changes with 400 and field names', async () => {
    for (const body of [
      {},
      { status: 'done' },
      { publicNote: '' },
      { closedReason: 'x' },
      { extra: 1 },
      { publicNote: 'x'.repeat(2001) },
    ]) {
      const res = await patch(seeded.thanet, 'thanet', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { fields: expect.any(Object) } });
    }
  });
});
