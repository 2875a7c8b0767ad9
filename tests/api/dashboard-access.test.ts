/**
 * Who may see and change what on the dashboard (the whole role × endpoint matrix),
 * the workflow, the audit log, published figures, CSV, sessions, sign-in throttling and CSRF.
 * Starts with who may see what (FixMyStreet's dashboard tests do the same).
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReport } from '#contract';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { totpCode } from '../../api/modules/auth/totp';
import { publish, suppress } from '../../api/modules/stats/published-figures';
import { newReport, REPORT_STATS_SNAPSHOT } from '../helpers/reports';
import { createTestApp } from '../helpers/test-app';
import {
  asStaff,
  createStaff,
  loginRequest,
  ORIGIN,
  sessionCookieOf,
  signIn,
  STAFF_PASSWORD,
  type TestStaff,
} from '../helpers/staff';

const THANET = 'E07000114';
const DOVER = 'E07000108';
const ASHFORD = 'E07000105';
const SEVENOAKS = 'E07000111';

let t: Awaited<ReturnType<typeof createTestApp>>;
const staff: Record<'pa' | 'thanet' | 'all' | 'admin', TestStaff> = {} as never;
const cookies: Record<string, string | null> = { anonymous: null };
let thanetReport: string;
let doverReport: string;
let jpeg: Buffer;

const baseReport = (overrides: Partial<NewReport> = {}) =>
  newReport({
    district: THANET,
    description: 'Synthetic test report: mould behind the wardrobe.',
    contact: { method: 'pa' },
    ...overrides,
  }) as NewReport;

async function addReport(overrides: Partial<NewReport> = {}, options: { receivedAt?: Date; photos?: number } = {}) {
  const photos = Array.from({ length: options.photos ?? 0 }, () => ({
    bytes: jpeg,
    width: 8,
    height: 8,
    contentType: 'image/jpeg' as const,
  }));
  const result = await createReport(t.db, {
    report: baseReport(overrides),
    idempotencyKey: randomUUID(),
    requestHash: 'test',
    photos,
    receivedAt: options.receivedAt,
  });
  return result.response.id;
}

const req = (
  path: string,
  role: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) => t.app.request(path, asStaff(cookies[role] ?? null, init));

const patch = (id: string, role: string, body: unknown) =>
  req(`/api/dashboard/reports/${id}`, role, { method: 'PATCH', body });

beforeAll(async () => {
  t = await createTestApp();
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#804020' } })
    .jpeg()
    .toBuffer();
  staff.pa = await createStaff(t.db, { email: 'pa@example.test', role: 'pa' });
  staff.thanet = await createStaff(t.db, { email: 'thanet@example.test', role: 'commissioner', districts: [THANET] });
  staff.all = await createStaff(t.db, { email: 'kent@example.test', role: 'commissioner' });
  staff.admin = await createStaff(t.db, { email: 'admin@example.test', role: 'admin' });
  for (const role of ['pa', 'thanet', 'all', 'admin'] as const) cookies[role] = await signIn(t.app, staff[role]);
  thanetReport = await addReport({ district: THANET, provider: 'Synthetic Seaview Homes' }, { photos: 1 });
  doverReport = await addReport(
    { district: DOVER, categories: ['electrics'], provider: 'Synthetic Harbour Lets' },
    { photos: 1 },
  );
});
afterAll(() => t.close());

describe('role × endpoint matrix', () => {
  type Expect = Record<'anonymous' | 'pa' | 'thanet' | 'all' | 'admin', number>;
  const dash: Expect = { anonymous: 401, pa: 403, thanet: 200, all: 200, admin: 200 };
  const adminOnly: Expect = { anonymous: 401, pa: 403, thanet: 403, all: 403, admin: 200 };
  const anyone: Expect = { anonymous: 200, pa: 200, thanet: 200, all: 200, admin: 200 };
  const signedIn: Expect = { anonymous: 401, pa: 200, thanet: 200, all: 200, admin: 200 };
  const notThanet: Expect = { anonymous: 401, pa: 403, thanet: 403, all: 200, admin: 200 };

  const cases: [string, () => [string, { method?: string; body?: unknown }], Expect][] = [
    ['GET /api/auth/me', () => ['/api/auth/me', {}], signedIn],
    ['GET /api/dashboard/summary', () => ['/api/dashboard/summary', {}], dash],
    ['GET /api/dashboard/summary?district=Dover', () => [`/api/dashboard/summary?district=${DOVER}`, {}], notThanet],
    ['GET /api/dashboard/trend', () => ['/api/dashboard/trend', {}], dash],
    ['GET /api/dashboard/providers', () => ['/api/dashboard/providers', {}], dash],
    ['GET /api/dashboard/reports', () => ['/api/dashboard/reports', {}], dash],
    ['GET /api/dashboard/reports?district=Dover', () => [`/api/dashboard/reports?district=${DOVER}`, {}], notThanet],
    ['GET a Thanet report', () => [`/api/dashboard/reports/${thanetReport}`, {}], dash],
    ['GET a Dover report', () => [`/api/dashboard/reports/${doverReport}`, {}], notThanet],
    ['GET a Thanet photo', () => [`/api/dashboard/reports/${thanetReport}/photos/1`, {}], dash],
    ['GET a Dover photo', () => [`/api/dashboard/reports/${doverReport}/photos/1`, {}], notThanet],
    [
      'PATCH a Thanet report (note)',
      () => [
        `/api/dashboard/reports/${thanetReport}`,
        { method: 'PATCH', body: { internalNote: 'Synthetic: checked.' } },
      ],
      dash,
    ],
    [
      'PATCH a Dover report (note)',
      () => [
        `/api/dashboard/reports/${doverReport}`,
        { method: 'PATCH', body: { internalNote: 'Synthetic: checked.' } },
      ],
      notThanet,
    ],
    ['GET /api/dashboard/export.csv', () => ['/api/dashboard/export.csv', {}], dash],
    [
      'GET /api/dashboard/export.csv?district=Dover',
      () => [`/api/dashboard/export.csv?district=${DOVER}`, {}],
      notThanet,
    ],
    ['GET /api/auth/staff', () => ['/api/auth/staff', {}], adminOnly],
    ['GET /api/auth/audit', () => ['/api/auth/audit', {}], adminOnly],
    [
      'PATCH /api/auth/staff/:id',
      () => [`/api/auth/staff/${staff.pa.id}`, { method: 'PATCH', body: { disabled: false } }],
      adminOnly,
    ],
    ['GET /api/stats/districts', () => ['/api/stats/districts', {}], anyone],
  ];

  for (const [name, request, expected] of cases) {
    for (const role of Object.keys(expected) as (keyof Expect)[]) {
      it(`${name} as ${role} → ${expected[role]}`, async () => {
        const [path, init] = request();
        const res = await req(path, role, init);
        expect(res.status, await res.clone().text()).toBe(expected[role]);
        if (res.status >= 400)
          expect((await res.json()) as object).toMatchObject({ error: { code: expect.any(String) } });
        // signed-in answers are never stored by a browser or the service worker
        if (role !== 'anonymous' && !path.startsWith('/api/stats'))
          expect(res.headers.get('cache-control')).toBe('no-store');
      });
    }
  }

  it('POST /api/auth/staff: only an admin creates accounts', async () => {
    for (const role of ['anonymous', 'pa', 'thanet', 'all'] as const) {
      const res = await req('/api/auth/staff', role, {
        method: 'POST',
        body: { email: `new-${role}@example.test`, role: 'pa' },
      });
      expect(res.status).toBe(role === 'anonymous' ? 401 : 403);
    }
    const res = await req('/api/auth/staff', 'admin', {
      method: 'POST',
      body: { email: 'new-pa@example.test', role: 'pa' },
    });
    expect(res.status).toBe(201);
  });
});

describe('a commissioner for Thanet only', () => {
  it('lists only Thanet reports', async () => {
    const body = (await (await req('/api/dashboard/reports?pageSize=100', 'thanet')).json()) as {
      reports: { id: string; district: { code: string } }[];
    };
    expect(body.reports.map((r) => r.id)).toContain(thanetReport);
    expect(body.reports.map((r) => r.id)).not.toContain(doverReport);
    expect(new Set(body.reports.map((r) => r.district.code))).toEqual(new Set([THANET]));
  });

  it('sees only Thanet in the summary, the trend and the providers', async () => {
    const summary = (await (await req('/api/dashboard/summary', 'thanet')).json()) as { districts: { code: string }[] };
    expect(summary.districts.map((d) => d.code)).toEqual([THANET]);
    const providers = (await (await req('/api/dashboard/providers', 'thanet')).json()) as {
      providers: { name: string }[];
    };
    expect(providers.providers.map((p) => p.name)).not.toContain('Synthetic Harbour Lets');
    expect(providers.providers.map((p) => p.name)).toContain('Synthetic Seaview Homes');
  });

  it('exports no Dover report', async () => {
    const csv = await (await req('/api/dashboard/export.csv', 'thanet')).text();
    expect(csv).toContain('Thanet');
    expect(csv).not.toContain('Dover');
    expect(csv).not.toContain('Synthetic Harbour Lets');
  });

  it('cannot change a Dover report, which stays as it was', async () => {
    const res = await patch(doverReport, 'thanet', { status: 'acknowledged', publicNote: 'Synthetic: we are on it.' });
    expect(res.status).toBe(403);
    const [row] = await t.db.query<{ status: string }>('select status from reports where id = $1', [doverReport]);
    expect(row!.status).toBe('new');
    const updates = await t.db.query('select 1 from report_updates where report_id = $1 and public_note is not null', [
      doverReport,
    ]);
    expect(updates).toHaveLength(0);
  });

  it('every refusal is in the audit log: who, what, and the report or district', async () => {
    const before = Number(
      (await t.db.query<{ n: number | null }>('select max(id)::int as n from audit_log'))[0]!.n ?? 0,
    );
    expect((await req(`/api/dashboard/reports/${doverReport}`, 'thanet')).status).toBe(403);
    expect((await req('/api/dashboard/summary?district=E07000108', 'thanet')).status).toBe(403);
    expect((await req('/api/auth/audit', 'thanet')).status).toBe(403);
    expect((await req('/api/dashboard/summary', 'pa')).status).toBe(403);
    const rows = await t.db.query<{
      actor_id: string;
      action: string;
      report_id: string | null;
      details: Record<string, unknown>;
    }>('select actor_id, action, report_id, details from audit_log where id > $1 order by id', [before]);
    expect(rows).toEqual([
      {
        actor_id: staff.thanet.id,
        action: 'access.refused',
        report_id: doverReport,
        details: {
          method: 'GET',
          path: `/api/dashboard/reports/${doverReport}`,
          code: 'district_forbidden',
          role: 'commissioner',
        },
      },
      {
        actor_id: staff.thanet.id,
        action: 'access.refused',
        report_id: null,
        details: {
          method: 'GET',
          path: '/api/dashboard/summary',
          district: 'E07000108',
          code: 'district_forbidden',
          role: 'commissioner',
        },
      },
      {
        actor_id: staff.thanet.id,
        action: 'access.refused',
        report_id: null,
        details: { method: 'GET', path: '/api/auth/audit', code: 'forbidden', role: 'commissioner' },
      },
      {
        actor_id: staff.pa.id,
        action: 'access.refused',
        report_id: null,
        details: { method: 'GET', path: '/api/dashboard/summary', code: 'forbidden', role: 'pa' },
      },
    ]);
  });
});

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
    const res = await req(`/api/dashboard/reports/${thanetReport}/photos/1`, 'thanet');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="report-[0-9a-f]{8}-photo-1\.jpg"$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
    const audit = await t.db.query<{ details: { n: number } }>(
      `select details from audit_log where report_id = $1 and action = 'report.photo_read' and actor_id = $2`,
      [thanetReport, staff.thanet.id],
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]!.details).toEqual({ n: 1 });
  });

  it('answers 404 for an unknown report, photo or malformed id', async () => {
    expect((await req(`/api/dashboard/reports/${randomUUID()}`, 'all')).status).toBe(404);
    expect((await req('/api/dashboard/reports/not-an-id', 'all')).status).toBe(404);
    expect((await req(`/api/dashboard/reports/${thanetReport}/photos/2`, 'all')).status).toBe(404);
    expect((await req(`/api/dashboard/reports/${thanetReport}/photos/x`, 'all')).status).toBe(404);
  });

  it('lets an admin read the audit log', async () => {
    const res = await req(`/api/auth/audit?reportId=${thanetReport}`, 'admin');
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
      const res = await patch(thanetReport, 'thanet', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { fields: expect.any(Object) } });
    }
  });
});

describe('summary', () => {
  it('counts per district with totals, open, overdue, groups and medians', async () => {
    // a quiet district of its own, so that the figures are exactly known
    const old = new Date(Date.now() - 40 * 86400_000);
    const ids = [
      await addReport({ district: 'E07000116', categories: ['damp', 'electrics'] }, { receivedAt: old }),
      await addReport({ district: 'E07000116', categories: ['locks_doors_windows'] }, { receivedAt: old }),
      await addReport({ district: 'E07000116', categories: ['pests'] }),
    ];
    await patch(ids[1]!, 'all', { status: 'acknowledged' });
    await patch(ids[1]!, 'all', { status: 'resolved' });
    const res = await req('/api/dashboard/summary?district=E07000116', 'all');
    const body = (await res.json()) as { districts: Record<string, unknown>[]; totals: Record<string, unknown> };
    expect(body.districts).toHaveLength(1);
    expect(body.districts[0]).toMatchObject({
      code: 'E07000116',
      name: 'Tunbridge Wells',
      total: 3,
      open: 2,
      // the electrics report is urgent (24-hour clock), 40 days old: overdue
      overdue: 1,
      byCategoryGroup: { damp_mould: 1, electrics_gas_fire: 1, security_safety: 1, other: 1 },
      medianDaysToAcknowledge: 40,
      medianDaysToResolve: 40,
      // locks: significant hazard, resolved 40 days after arrival, after its last deadline (about 21 days)
      resolvedInTimeShare: 0,
      ratePer100: null,
    });
    expect(body.totals).toMatchObject({ total: 3, open: 2, overdue: 1 });

    const urgentOnly = (await (
      await req('/api/dashboard/summary?district=E07000116&urgent=true', 'all')
    ).json()) as typeof body;
    expect(urgentOnly.districts[0]).toMatchObject({ total: 1, open: 1 });
    const byCategory = (await (
      await req('/api/dashboard/summary?district=E07000116&category=pests', 'all')
    ).json()) as typeof body;
    expect(byCategory.districts[0]).toMatchObject({ total: 1, byCategoryGroup: { other: 1, damp_mould: 0 } });
  });

  it('lists every district and a totals row equal to their sum', async () => {
    const body = (await (await req('/api/dashboard/summary', 'all')).json()) as {
      districts: { total: number; open: number }[];
      totals: { total: number; open: number };
    };
    expect(body.districts).toHaveLength(14); // 13 areas and "outside"
    expect(body.totals.total).toBe(body.districts.reduce((s, d) => s + d.total, 0));
    expect(body.totals.open).toBe(body.districts.reduce((s, d) => s + d.open, 0));
    // the default period: this month and the 11 before it (UK time)
    const [{ n }] = (await t.db.query<{ n: number }>(
      `select count(*)::int as n from reports
        where received_at >= (date_trunc('month', now() at time zone 'Europe/London') - interval '11 months') at time zone 'Europe/London'`,
    )) as [{ n: number }];
    expect(body.totals.total).toBe(n);
  });

  it('refuses a malformed filter with 400', async () => {
    for (const q of [
      'from=2025-13',
      'from=0000-01',
      'to=99999-01',
      'from=2025-06&to=2025-01',
      'category=nope',
      'urgent=maybe',
      'accommodationType=castle',
      'district=%27%3B',
    ]) {
      for (const path of ['summary', 'trend', 'providers', 'reports', 'export.csv']) {
        expect((await req(`/api/dashboard/${path}?${q}`, 'all')).status, `${path}?${q}`).toBe(400);
      }
    }
  });

  it('keeps the aggregates equal to a recount from the reports', async () => {
    const snapshot = REPORT_STATS_SNAPSHOT;
    // changes wait as deltas until a flush folds them in (006-report-stats-deltas.sql)
    await t.db.query('select report_stats_flush()');
    const incremental = await t.db.query(snapshot);
    await t.db.query('select report_stats_rebuild()');
    const rebuilt = await t.db.query(snapshot);
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental).toEqual(rebuilt);
  });
});

describe('published figures', () => {
  it('rounds every count to 5, so a suppressed count cannot be had by subtraction', () => {
    expect(
      publish({
        total: 7,
        groups: { damp_mould: 6, electrics_gas_fire: 1, security_safety: 0, other: 0 },
        resolved: 6,
        inTime: 6,
      }).resolvedInTimeShare,
    ).toBe(1);
    expect(
      publish({
        total: 7,
        groups: { damp_mould: 6, electrics_gas_fire: 1, security_safety: 0, other: 0 },
        resolved: 6,
        inTime: 4,
      }).resolvedInTimeShare,
    ).toBeNull();
    expect([0, 1, 4].map(suppress)).toEqual(['<5', '<5', '<5']);
    expect([5, 6, 7, 8, 12, 13, 1_002].map(suppress)).toEqual([5, 5, 5, 10, 10, 15, 1_000]);
  });

  it('suppress every count below 5 and shares from such counts, and show no location', async () => {
    // completed months only: these arrived last month
    const now = new Date();
    const lastMonth = { receivedAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 12)) };
    for (let i = 0; i < 6; i++) {
      const id = await addReport({ district: ASHFORD, categories: ['damp'] }, lastMonth);
      await patch(id, 'all', { status: 'acknowledged' });
      await patch(id, 'all', { status: 'resolved' });
    }
    await addReport({ district: ASHFORD, categories: ['gas_co'] }, lastMonth);
    for (let i = 0; i < 3; i++)
      await addReport({ district: SEVENOAKS, location: { lat: 51.27, lng: 0.19 }, categories: ['mould'] }, lastMonth);
    // this month's reports are not published yet: a live count would date them
    for (let i = 0; i < 10; i++) await addReport({ district: SEVENOAKS, categories: ['mould'] });

    const res = await t.app.request('/api/stats/districts');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const text = await res.text();
    expect(text).not.toMatch(/lat|lng|location|description/i);
    const body = JSON.parse(text) as { districts: { code: string }[] };
    expect(body.districts.find((d) => d.code === ASHFORD)).toEqual({
      code: ASHFORD,
      name: 'Ashford',
      // 7 and 6 are both published as 5: "total − damp" no longer gives the one gas report away
      total: 5,
      byCategoryGroup: { damp_mould: 5, electrics_gas_fire: '<5', security_safety: '<5', other: '<5' },
      // resolved today, a month after they arrived: none in time, so no share from fewer than 5
      resolvedInTimeShare: null,
    });
    expect(body.districts.find((d) => d.code === SEVENOAKS)).toEqual({
      code: SEVENOAKS,
      name: 'Sevenoaks',
      total: '<5',
      byCategoryGroup: { damp_mould: '<5', electrics_gas_fire: '<5', security_safety: '<5', other: '<5' },
      resolvedInTimeShare: null,
    });
  });
});

describe('CSV export', () => {
  it('is RFC 4180 with a BOM and escapes formula injection', async () => {
    await addReport({ district: THANET, provider: '=HYPERLINK("http://evil.example","Synthetic, click")' });
    await addReport({ district: THANET, provider: '@SUM(1+1)' });
    await addReport({ district: THANET, provider: '-1+2' });
    const res = await req('/api/dashboard/export.csv', 'thanet');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="housing-reports_up-to-\d{4}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toMatch(/^Reference,Received \(UK time\),District,District code,/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""Synthetic, click"")"`);
    expect(text).toContain(`,'@SUM(1+1),`);
    expect(text).toContain(`,'-1+2,`);
    expect(text).not.toMatch(/,[=+@-]/);
    const audit = await t.db.query(`select 1 from audit_log where action = 'reports.export' and actor_id = $1`, [
      staff.thanet.id,
    ]);
    expect(audit.length).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie on plain-HTTP localhost, without Secure', async () => {
    const res = await t.app.request(
      '/api/auth/login',
      loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
    );
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('clh_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('over HTTPS names the cookie __Host-clh_session, with Secure', async () => {
    const https = createApp({
      db: t.db,
      env: defaultEnv({ NODE_ENV: 'test', PUBLIC_ORIGIN: 'https://hub.example.test' }),
    });
    const res = await https.request('https://hub.example.test/api/auth/login', {
      ...loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
      headers: { 'content-type': 'application/json', origin: 'https://hub.example.test' },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-clh_session='))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain/);
    // the plain name is not accepted over HTTPS
    const plain = cookie.split(';')[0]!.replace('__Host-', '');
    expect((await https.request('https://hub.example.test/api/auth/me', { headers: { cookie: plain } })).status).toBe(
      401,
    );
  });

  it('changes the session id at sign-in and ends the old one', async () => {
    const first = await signIn(t.app, staff.pa);
    const res = await t.app.request('/api/auth/login', {
      ...loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
      headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: first },
    });
    const second = sessionCookieOf(res)!;
    expect(second).not.toBe(first);
    expect((await t.app.request('/api/auth/me', asStaff(first))).status).toBe(401);
    expect((await t.app.request('/api/auth/me', asStaff(second))).status).toBe(200);
  });

  it('stores only a hash of the token', async () => {
    const cookie = await signIn(t.app, staff.pa);
    const token = cookie.split('=')[1]!;
    expect(await t.db.query('select 1 from sessions where id = $1', [token])).toHaveLength(0);
  });

  it('ends after 30 idle minutes', async () => {
    const cookie = await signIn(t.app, staff.thanet);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(200);
    await t.db.query(`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = $1`, [
      staff.thanet.id,
    ]);
    const res = await t.app.request('/api/dashboard/summary', asStaff(cookie));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'session_expired' } });
    expect(res.headers.getSetCookie().join()).toMatch(/clh_session=;.*Max-Age=0/);
    cookies.thanet = await signIn(t.app, staff.thanet);
  });

  it('stays alive while used within 30 minutes', async () => {
    const cookie = await signIn(t.app, staff.pa);
    await t.db.query(`update sessions set last_seen_at = now() - interval '29 minutes' where user_id = $1`, [
      staff.pa.id,
    ]);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(200);
    const [row] = await t.db.query<{ fresh: boolean }>(
      `select bool_and(last_seen_at > now() - interval '1 minute') as fresh from sessions where id in (select id from sessions where user_id = $1 order by last_seen_at desc limit 1)`,
      [staff.pa.id],
    );
    expect(row!.fresh).toBe(true);
  });

  it('ends 12 hours after sign-in even when used', async () => {
    const cookie = await signIn(t.app, staff.all);
    await t.db.query(
      `update sessions set created_at = now() - interval '12 hours 1 minute', expires_at = now() - interval '1 minute' where user_id = $1`,
      [staff.all.id],
    );
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(401);
    cookies.all = await signIn(t.app, staff.all);
  });

  it('ends at sign-out, on the server: the old cookie no longer works', async () => {
    const cookie = await signIn(t.app, staff.pa);
    const out = await t.app.request('/api/auth/logout', asStaff(cookie, { method: 'POST' }));
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/clh_session=;.*Max-Age=0/);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(401);
  });

  it('ends when an admin disables the account', async () => {
    const temp = await createStaff(t.db, { email: 'temp@example.test', role: 'commissioner' });
    const cookie = await signIn(t.app, temp);
    const res = await req(`/api/auth/staff/${temp.id}`, 'admin', { method: 'PATCH', body: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await t.app.request('/api/dashboard/summary', asStaff(cookie))).status).toBe(401);
    const again = await t.app.request('/api/auth/login', loginRequest({ email: temp.email, password: STAFF_PASSWORD }));
    expect(again.status).toBe(401);
  });
});

describe('second factor', () => {
  it('is required for an admin: password alone is not enough, a wrong or reused code fails', async () => {
    const admin = await createStaff(t.db, { email: 'admin2@example.test', role: 'admin' });
    const body = { email: admin.email, password: STAFF_PASSWORD };
    const none = await t.app.request('/api/auth/login', loginRequest(body));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'totp_required' } });
    expect(sessionCookieOf(none)).toBeUndefined();

    const code = totpCode(admin.totpSecret!);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: wrong }))).status).toBe(401);
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: code }))).status).toBe(200);
    // the same code a second time: refused (someone who saw it cannot use it)
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: code }))).status).toBe(401);
  });

  it('can be set up by any member of staff and is then asked for', async () => {
    const pa = await createStaff(t.db, { email: 'pa2@example.test', role: 'pa' });
    const cookie = await signIn(t.app, pa);
    const setup = (await (await t.app.request('/api/auth/totp/setup', asStaff(cookie, { method: 'POST' }))).json()) as {
      secret: string;
      uri: string;
    };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Care%20Leaver%20Hub%3Apa2%40example\.test\?secret=[A-Z2-7]+&issuer=/);
    const bad = await t.app.request(
      '/api/auth/totp/confirm',
      asStaff(cookie, { method: 'POST', body: { code: '000000' } }),
    );
    expect(bad.status).toBe(400);
    const ok = await t.app.request(
      '/api/auth/totp/confirm',
      asStaff(cookie, { method: 'POST', body: { code: totpCode(setup.secret) } }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ totpEnabled: true });
    const res = await t.app.request('/api/auth/login', loginRequest({ email: pa.email, password: STAFF_PASSWORD }));
    expect(await res.json()).toMatchObject({ error: { code: 'totp_required' } });

    // replacing it needs a code from the app in use (a borrowed session cannot swap in its own)
    const session = ok.headers
      .getSetCookie()
      .find((h) => h.startsWith('clh_session='))!
      .split(';')[0]!;
    const without = await t.app.request('/api/auth/totp/setup', asStaff(session, { method: 'POST' }));
    expect(without.status).toBe(400);
    const later = Date.now() + 30_000; // the next 30-second step: the confirm's own code cannot be used again
    const replaced = await t.app.request(
      '/api/auth/totp/setup',
      asStaff(session, { method: 'POST', body: { currentCode: totpCode(setup.secret, later) } }),
    );
    expect(replaced.status).toBe(200);
  });

  it('comes with every admin account an admin creates', async () => {
    const res = await req('/api/auth/staff', 'admin', {
      method: 'POST',
      body: { email: 'admin3@example.test', role: 'admin' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      password: string;
      totpSecret: string;
      totpUri: string;
      staff: { totpEnabled: boolean };
    };
    expect(body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(body.staff.totpEnabled).toBe(true);
    expect(body.totpUri).toContain(body.totpSecret);
  });
});

describe('sign-in throttling', () => {
  // each test uses its own client address (the socket address as @hono/node-server gives it)
  const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
  const attempt = (
    app: { request: typeof t.app.request },
    email: string,
    password: string,
    ip: string,
    headers: Record<string, string> = {},
  ) => app.request('/api/auth/login', loginRequest({ email, password }, headers), from(ip));

  it('answers 429 with Retry-After after 5 failures for one email, even with the right password, without locking out for good', async () => {
    const victim = await createStaff(t.db, { email: 'victim@example.test', role: 'commissioner' });
    for (let i = 0; i < 5; i++)
      expect((await attempt(t.app, victim.email, 'wrong password', `10.1.0.${i}`)).status).toBe(401);
    const blocked = await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.99');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(25);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    // the wait doubles with each further failure, and is capped
    await t.db.query(`update login_attempts set blocked_until = now() - interval '1 second' where key = $1`, [
      'email:victim@example.test',
    ]);
    expect((await attempt(t.app, victim.email, 'wrong again', '10.1.0.98')).status).toBe(401);
    const longer = await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.97');
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(longer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // once the wait is over the right password works, and clears the count
    await t.db.query(`update login_attempts set blocked_until = now() - interval '1 second' where key = $1`, [
      'email:victim@example.test',
    ]);
    expect((await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.96')).status).toBe(200);
    expect(await t.db.query(`select 1 from login_attempts where key = 'email:victim@example.test'`)).toHaveLength(0);
  });

  it('throttles one client trying many emails, and a forged X-Forwarded-For does not reset it', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await attempt(t.app, `nobody${i}@example.test`, 'guess', '10.2.0.1', {
        'x-forwarded-for': `203.0.113.${i}`,
      });
      expect(res.status).toBe(401);
    }
    const res = await attempt(t.app, 'pa@example.test', STAFF_PASSWORD, '10.2.0.1', {
      'x-forwarded-for': '198.51.100.7',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    // another client is not affected
    expect((await attempt(t.app, 'pa@example.test', STAFF_PASSWORD, '10.2.0.2')).status).toBe(200);
  });

  it('behind a trusted proxy counts the address the proxy saw', async () => {
    const proxied = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', TRUST_PROXY: true }) });
    for (let i = 0; i < 20; i++) {
      const res = await attempt(proxied, `someone${i}@example.test`, 'guess', '10.9.9.9', {
        'x-forwarded-for': `1.1.1.1, 192.0.2.44`,
      });
      expect(res.status).toBe(401);
    }
    // the client forging its own left-most entry is still 192.0.2.44 to us
    expect(
      (
        await attempt(proxied, 'pa@example.test', STAFF_PASSWORD, '10.9.9.9', {
          'x-forwarded-for': '8.8.8.8, 192.0.2.44',
        })
      ).status,
    ).toBe(429);
    expect(
      (await attempt(proxied, 'pa@example.test', STAFF_PASSWORD, '10.9.9.9', { 'x-forwarded-for': '192.0.2.45' }))
        .status,
    ).toBe(200);
  });

  it('says the same for an unknown email and a wrong password', async () => {
    const a = await attempt(t.app, 'nobody-at-all@example.test', 'x', '10.3.0.1');
    const b = await attempt(t.app, 'pa@example.test', 'x', '10.3.0.2');
    expect(a.status).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  });
});

describe('CSRF', () => {
  it('refuses a cross-origin sign-in, JSON or not', async () => {
    const body = { email: staff.pa.email, password: STAFF_PASSWORD };
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of cases) {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'cross_origin' } });
    }
  });

  it('refuses a cross-origin status change that carries a valid session cookie', async () => {
    const id = await addReport({ district: THANET });
    const cases: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await t.app.request(`/api/dashboard/reports/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: cookies.all!, ...headers },
        body: JSON.stringify({ status: 'acknowledged' }),
      });
      expect(res.status).toBe(403);
    }
    const [row] = await t.db.query<{ status: string }>('select status from reports where id = $1', [id]);
    expect(row!.status).toBe('new');
    // the same request from our own pages goes through
    const ok = await t.app.request(`/api/dashboard/reports/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: cookies.all!, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ status: 'acknowledged' }),
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a cross-origin sign-out and staff change', async () => {
    const out = await t.app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: cookies.pa!, origin: 'https://evil.example' },
    });
    expect(out.status).toBe(403);
    expect((await t.app.request('/api/auth/me', asStaff(cookies.pa!))).status).toBe(200);
  });
});
