/**
 * /api/admin/care-leavers: only an admin enters how many care leavers live in a district (with its source
 * and date); wrong input is a 400 naming the field, an unknown district a 404; every change is in the
 * audit log; and the dashboard's "per 100 care leavers" turns on with the number entered, and off again
 * when it is removed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareLeaversList, DashboardSummary, NewReport } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport } from '../helpers/reports';
import { createTestApp } from '../helpers/test-app';
import { asStaff, createStaff, signIn, type TestStaff } from '../helpers/staff';

const THANET = 'E07000114';
const DOVER = 'E07000108';
const VALID = { careLeavers: 200, source: 'KCC care leavers service, head count', asOf: '2026-03-31' };

let t: Awaited<ReturnType<typeof createTestApp>>;
const cookies: Record<string, string | null> = { anonymous: null };
let admin: TestStaff;

const req = (
  path: string,
  role: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) => t.app.request(path, asStaff(cookies[role] ?? null, init));
const put = (district: string, body: unknown, role = 'admin') =>
  req(`/api/admin/care-leavers/${district}`, role, { method: 'PUT', body });

const thanetRate = async () => {
  const summary = (await (await req('/api/dashboard/summary', 'admin')).json()) as DashboardSummary;
  return summary.districts.find((d) => d.code === THANET)!;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await createStaff(t.db, { email: 'admin@example.test', role: 'admin' });
  const people = {
    admin,
    commissioner: await createStaff(t.db, { email: 'commissioner@example.test', role: 'commissioner' }),
    pa: await createStaff(t.db, { email: 'pa@example.test', role: 'pa' }),
  };
  for (const [role, person] of Object.entries(people)) cookies[role] = await signIn(t.app, person);
  // 10 reports in Thanet this month: 200 care leavers make that 5 per 100
  for (let i = 0; i < 10; i++)
    await createReport(t.db, {
      report: newReport({ district: THANET, description: 'Synthetic test report.' }) as NewReport,
      idempotencyKey: randomUUID(),
      requestHash: 'test',
      photos: [],
    });
});

afterAll(() => t.close());

describe('who may enter care leavers', () => {
  for (const [role, status] of [
    ['anonymous', 401],
    ['pa', 403],
    ['commissioner', 403],
    ['admin', 200],
  ] as const) {
    it(`${role}: GET and PUT → ${status}`, async () => {
      expect((await req('/api/admin/care-leavers', role)).status).toBe(status);
      const res = await put(DOVER, VALID, role);
      expect(res.status, await res.clone().text()).toBe(status);
      if (status !== 200) expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
    });
  }

  it('refuses a PUT from another site (CSRF)', async () => {
    const res = await put(DOVER, VALID, 'admin');
    expect(res.status).toBe(200);
    const cross = await req(`/api/admin/care-leavers/${DOVER}`, 'admin', {
      method: 'PUT',
      body: VALID,
      headers: { origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
  });
});

describe('what an admin may enter', () => {
  const cases: [string, unknown, string][] = [
    ['zero care leavers', { ...VALID, careLeavers: 0 }, 'careLeavers'],
    ['a fraction', { ...VALID, careLeavers: 12.5 }, 'careLeavers'],
    ['a number as text', { ...VALID, careLeavers: '200' }, 'careLeavers'],
    ['a typo of a number (an extra zero or two)', { ...VALID, careLeavers: 200_000 }, 'careLeavers'],
    ['no source', { careLeavers: 200, asOf: '2026-03-31' }, 'source'],
    ['a blank source', { ...VALID, source: '   ' }, 'source'],
    ['a source of 301 characters', { ...VALID, source: 'x'.repeat(301) }, 'source'],
    ['a date that does not exist', { ...VALID, asOf: '2026-02-30' }, 'asOf'],
    ['a date in another format', { ...VALID, asOf: '31/03/2026' }, 'asOf'],
    ['a date in the future', { ...VALID, asOf: `${new Date().getUTCFullYear() + 1}-01-01` }, 'asOf'],
  ];
  for (const [name, body, field] of cases) {
    it(`refuses ${name}: 400 naming "${field}"`, async () => {
      const res = await put(THANET, body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;
      expect(error.code).toBe('invalid');
      expect(Object.keys(error.fields)).toEqual([field]);
    });
  }

  it('refuses fields it does not know', async () => {
    const res = await put(THANET, { ...VALID, careLeaversAged18to25: 150 });
    expect(res.status).toBe(400);
  });

  it('answers 404 for a district outside Kent and Medway, and 415 for a body that is not JSON', async () => {
    expect((await put('outside', VALID)).status).toBe(404);
    expect((await put('E09000001', VALID)).status).toBe(404);
    const res = await req(`/api/admin/care-leavers/${THANET}`, 'admin', {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
  });

  it('stored nothing for any refused entry', async () => {
    const list = (await (await req('/api/admin/care-leavers', 'admin')).json()) as CareLeaversList;
    expect(list.districts.find((d) => d.code === THANET)!.entered).toBeNull();
  });
});

describe('entering a number', () => {
  it('turns on "per 100 care leavers" for that district, lists it, and writes the audit log', async () => {
    expect(await thanetRate()).toMatchObject({ total: 10, careLeavers: null, ratePer100: null });

    const res = await put(THANET, { ...VALID, source: '  KCC care leavers service, head count  ' });
    expect(res.status).toBe(200);
    const list = (await res.json()) as CareLeaversList;
    const thanet = list.districts.find((d) => d.code === THANET)!;
    expect(thanet).toMatchObject({
      name: 'Thanet',
      entered: { careLeavers: 200, source: VALID.source, asOf: '2026-03-31', updatedBy: 'admin@example.test' },
    });
    expect(list.districts.map((d) => d.code)).not.toContain('outside');

    expect(await thanetRate()).toMatchObject({ total: 10, careLeavers: 200, ratePer100: 5 });
    // the dashboard says where the number comes from
    const summary = (await (await req('/api/dashboard/summary', 'admin')).json()) as DashboardSummary;
    expect(summary.careLeaverSources).toContainEqual({
      code: THANET,
      name: 'Thanet',
      source: VALID.source,
      asOf: '2026-03-31',
    });
    // with a district filter, only that district's (Dover's was entered above)
    const dover = (await (await req(`/api/dashboard/summary?district=${DOVER}`, 'admin')).json()) as DashboardSummary;
    expect(dover.careLeaverSources.map((s) => s.code)).toEqual([DOVER]);

    const [row] = await t.db.query<{ actor_id: string; details: Record<string, unknown> }>(
      `select actor_id, details from audit_log where action = 'care_leavers.set' and details->>'district' = $1
        order by id desc limit 1`,
      [THANET],
    );
    expect(row).toEqual({
      actor_id: admin.id,
      details: { district: THANET, careLeavers: 200, source: VALID.source, asOf: '2026-03-31' },
    });
  });

  it('a new entry replaces the old one', async () => {
    expect((await put(THANET, { ...VALID, careLeavers: 400, asOf: '2026-06-30' })).status).toBe(200);
    expect(await thanetRate()).toMatchObject({ careLeavers: 400, ratePer100: 2.5 });
  });

  it('removing it turns the measure off again, audited; removing nothing is a 404', async () => {
    const res = await req(`/api/admin/care-leavers/${THANET}`, 'admin', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await thanetRate()).toMatchObject({ careLeavers: null, ratePer100: null });
    const [row] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'care_leavers.clear' and details->>'district' = $1`,
      [THANET],
    );
    expect(row!.n).toBe(1);
    expect((await req(`/api/admin/care-leavers/${THANET}`, 'admin', { method: 'DELETE' })).status).toBe(404);
    expect((await req(`/api/admin/care-leavers/${THANET}`, 'commissioner', { method: 'DELETE' })).status).toBe(403);
  });
});
