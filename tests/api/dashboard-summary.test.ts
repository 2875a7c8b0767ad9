/** The dashboard summary, the published figures (rounded and suppressed) and the CSV export. */
import { describe, expect, it } from 'vitest';
import { publish, suppress } from '../../api/modules/stats/published-figures';
import { REPORT_STATS_SNAPSHOT } from '../helpers/reports';
import { THANET, ASHFORD, SEVENOAKS, startDashboardApp } from '../helpers/dashboard-app';

/** This file's app, started once, with its staff signed in and a report in Thanet and in Dover. */
const t = startDashboardApp();
const { addReport, req, patch, staff } = t;

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
