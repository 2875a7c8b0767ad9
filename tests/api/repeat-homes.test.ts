/**
 * Repeat homes and what the young person said about who lives there: reports at the same home are linked
 * on the server (same address text in the same district, or pins within 25 m naming the same provider),
 * a report within 12 months of one there being resolved "came back", the providers table counts them, and
 * none of it appears in any public output.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardProviders, NewReport, ReportDetail } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

const DAY = 86_400_000;
const HOME = { lat: 51.3813, lng: 1.3862 }; // Margate, Thanet
const PROVIDER = 'Synthetic Seaview Homes';

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;
const ids: Record<string, string> = {};
const codes: string[] = [];

async function add(name: string, overrides: Partial<NewReport>, daysAgo: number) {
  const result = await createReport(t.db, {
    report: newReport({ district: null, contact: { method: 'pa' }, provider: PROVIDER, ...overrides }) as NewReport,
    idempotencyKey: randomUUID(),
    requestHash: 'test',
    photos: [],
    receivedAt: new Date(Date.now() - daysAgo * DAY),
  });
  ids[name] = result.response.id;
  codes.push(result.response.trackingCode);
}
const detail = async (name: string) =>
  (await (await t.app.request(`/api/dashboard/reports/${ids[name]}`, asStaff(cookie))).json()) as ReportDetail;

beforeAll(async () => {
  t = await createTestApp();
  cookie = (await signIn(t.app, await createStaff(t.db, { email: 'kent@example.test', role: 'commissioner' })))!;
  await add('first', { location: HOME }, 200);
  // 10 m north of the first, same provider written differently
  await add(
    'tenMetres',
    { location: { lat: HOME.lat + 0.00009, lng: HOME.lng }, provider: '  synthetic   SEAVIEW homes ', feelsSafe: 'no' },
    100,
  );
  // 200 m north: another home
  await add('farAway', { location: { lat: HOME.lat + 0.0018, lng: HOME.lng } }, 90);
  // 10 m away but another provider: another home (a neighbour's flat)
  await add(
    'otherProvider',
    { location: { lat: HOME.lat, lng: HOME.lng + 0.0001 }, provider: 'Synthetic Harbour Lets' },
    80,
  );
  // the same address text, no pin, in the same district
  await add('addressA', { district: 'E07000114', address: 'Flat 2, 10 High Street' } as Partial<NewReport>, 60);
  await add(
    'addressB',
    {
      district: 'E07000114',
      address: 'flat 2,  10 high street',
      affected: { children: true, pregnant: true, disabled: true },
    } as Partial<NewReport>,
    5,
  );
  // the first was resolved 150 days ago: the 10 m one (100 days ago) came back within 12 months
  await t.db.query(
    `update reports set status = 'resolved', acknowledged_at = received_at, resolved_at = now() - interval '150 days', due_at = null where id = $1`,
    [ids.first],
  );
});
afterAll(() => t.close());

describe('repeat homes', () => {
  it('links two reports 10 m apart with the same provider, and flags "came back" after a resolved one', async () => {
    const d = await detail('tenMetres');
    expect(d.home.earlier.map((e) => e.id)).toEqual([ids.first]);
    expect(d.home.earlier[0]).toMatchObject({ status: 'resolved', cameBackAfter: true });
    expect(d.home.cameBack).toBe(true);
    // the link runs one way: the first report has nothing earlier
    expect((await detail('first')).home.earlier).toEqual([]);
  });

  it('does not link a report 200 m away, nor one next door with another provider', async () => {
    expect((await detail('farAway')).home.earlier).toEqual([]);
    expect((await detail('otherProvider')).home.earlier).toEqual([]);
  });

  it('links the same address text in the same district, whatever the case and spaces', async () => {
    const d = await detail('addressB');
    expect(d.home.earlier.map((e) => e.id)).toEqual([ids.addressA]);
    expect(d.home.cameBack).toBe(false);
  });

  it('counts repeats by provider and district', async () => {
    const body = (await (
      await t.app.request('/api/dashboard/providers', asStaff(cookie))
    ).json()) as DashboardProviders;
    const seaview = body.providers.find((p) => p.name.toLowerCase().includes('seaview'))!;
    // first, tenMetres, farAway, addressA, addressB: 5 reports; tenMetres and addressB are repeats
    expect(seaview).toMatchObject({ received: 5, repeats: 2, cameBack: 1, repeatShare: 0.4, notSafeShare: 0.2 });
    expect(body.repeatsByDistrict.find((d) => d.code === 'E07000114')).toMatchObject({ repeats: 2, cameBack: 1 });
  });

  it('appears in no public output', async () => {
    const outputs = [
      await (await t.app.request('/api/stats/districts')).text(),
      ...(await Promise.all(codes.map(async (code) => (await t.app.request(`/api/reports/${code}`)).text()))),
      await (await t.app.request('/open311/v2/requests.json?jurisdiction_id=kent')).text(),
    ];
    for (const text of outputs) {
      expect(text).not.toMatch(/cameBack|came_back|repeat|earlier/i);
      expect(text).not.toContain(ids.first!);
    }
  });
});

describe('who lives there', () => {
  it('keeps children, someone disabled and someone pregnant, and says when the young person does not feel safe', async () => {
    expect((await detail('addressB')).affected).toEqual({
      baby: false,
      healthCondition: false,
      children: true,
      disabled: true,
      pregnant: true,
    });
    expect((await detail('tenMetres')).feelsSafe).toBe('no');
    // a report from an app that does not send the new answers
    expect((await detail('first')).affected).toEqual({
      baby: false,
      healthCondition: false,
      children: false,
      disabled: false,
      pregnant: false,
    });
  });
});
