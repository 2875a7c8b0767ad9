/**
 * Who may see and change what on the dashboard: the whole role × endpoint matrix, and a commissioner who
 * covers one district (FixMyStreet's dashboard tests start the same way).
 */
import { describe, expect, it } from 'vitest';
import { THANET, DOVER, startDashboardApp } from '../helpers/dashboard-app';

/** This file's app, started once, with its staff signed in and a report in Thanet and in Dover. */
const t = startDashboardApp();
const { req, patch, staff, seeded } = t;

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
    ['GET a Thanet report', () => [`/api/dashboard/reports/${seeded.thanet}`, {}], dash],
    ['GET a Dover report', () => [`/api/dashboard/reports/${seeded.dover}`, {}], notThanet],
    ['GET a Thanet photo', () => [`/api/dashboard/reports/${seeded.thanet}/photos/1`, {}], dash],
    ['GET a Dover photo', () => [`/api/dashboard/reports/${seeded.dover}/photos/1`, {}], notThanet],
    [
      'PATCH a Thanet report (note)',
      () => [
        `/api/dashboard/reports/${seeded.thanet}`,
        { method: 'PATCH', body: { internalNote: 'Synthetic: checked.' } },
      ],
      dash,
    ],
    [
      'PATCH a Dover report (note)',
      () => [
        `/api/dashboard/reports/${seeded.dover}`,
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
    expect(body.reports.map((r) => r.id)).toContain(seeded.thanet);
    expect(body.reports.map((r) => r.id)).not.toContain(seeded.dover);
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
    const res = await patch(seeded.dover, 'thanet', { status: 'acknowledged', publicNote: 'Synthetic: we are on it.' });
    expect(res.status).toBe(403);
    const [row] = await t.db.query<{ status: string }>('select status from reports where id = $1', [seeded.dover]);
    expect(row!.status).toBe('new');
    const updates = await t.db.query('select 1 from report_updates where report_id = $1 and public_note is not null', [
      seeded.dover,
    ]);
    expect(updates).toHaveLength(0);
  });

  it('every refusal is in the audit log: who, what, and the report or district', async () => {
    const before = Number(
      (await t.db.query<{ n: number | null }>('select max(id)::int as n from audit_log'))[0]!.n ?? 0,
    );
    expect((await req(`/api/dashboard/reports/${seeded.dover}`, 'thanet')).status).toBe(403);
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
        report_id: seeded.dover,
        details: {
          method: 'GET',
          path: `/api/dashboard/reports/${seeded.dover}`,
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
