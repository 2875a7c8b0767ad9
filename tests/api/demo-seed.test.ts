import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoReports, seedDemoStaff } from '../../api/cli/demo-seed';
import { testTotpKey } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('npm run demo (seeder)', () => {
  it('seeds synthetic reports across districts, categories and states, with consistent history', async () => {
    const staff = await seedDemoStaff(t.db, testTotpKey());
    expect(staff.map((s) => s.role).sort()).toEqual(['admin', 'commissioner', 'commissioner', 'pa']);
    expect(staff.find((s) => s.districts?.[0] === 'E07000114')).toBeDefined();
    expect(staff.find((s) => s.role === 'admin')!.totpUri).toMatch(/^otpauth:\/\/totp\//);

    const result = await seedDemoReports(t.db, { count: 400, actorId: staff[0]!.id, seed: 7 });
    expect(result.reports).toBe(400);
    for (const status of ['new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved', 'closed']) {
      expect(result.byStatus[status], status).toBeGreaterThan(0);
    }
    const [facts] = await t.db.query<{
      districts: number;
      categories: number;
      providers: number;
      months: number;
      synthetic: boolean;
      overdue: number;
    }>(
      `select count(distinct district_code)::int as districts,
              (select count(distinct c)::int from reports, unnest(categories) c) as categories,
              count(distinct provider)::int as providers,
              count(distinct date_trunc('month', received_at))::int as months,
              bool_and(description like '[Synthetic demo]%') and bool_and(provider is null or provider like '%(synthetic)') as synthetic,
              (count(*) filter (where status not in ('resolved', 'closed') and due_at < now()))::int as overdue
         from reports`,
    );
    expect(facts).toMatchObject({ districts: 14, categories: 14, providers: 13, synthetic: true });
    expect(facts!.months).toBeGreaterThanOrEqual(18);
    expect(facts!.overdue).toBeGreaterThan(0);

    // the demo PA has reports that name them, with a first name
    const [named] = await t.db.query<{ n: number; names: number }>(
      `select count(*)::int as n, count(reporter_first_name)::int as names from reports where pa_email = 'pa@demo.example'`,
    );
    expect(named!.n).toBeGreaterThan(10);
    expect(named!.names).toBe(named!.n);

    // every report's timestamps agree with its status
    const wrong = await t.db.query(
      `select id from reports where
         (status = 'resolved' and (resolved_at is null or acknowledged_at is null or due_at is not null)) or
         (status = 'closed' and (closed_at is null or closed_reason is null or due_at is not null)) or
         (status = 'new' and acknowledged_at is not null) or
         (acknowledged_at < received_at) or (resolved_at < acknowledged_at)`,
    );
    expect(wrong).toEqual([]);

    // the aggregates the dashboard reads match a recount
    const snapshot = `select * from report_stats_monthly where received <> 0 or open <> 0 order by accommodation_type, urgent, dim, month, district_code`;
    await t.db.query('select report_stats_flush()'); // the deltas not yet folded in (006-report-stats-deltas.sql)
    const incremental = await t.db.query(snapshot);
    await t.db.query('select report_stats_rebuild()');
    expect(await t.db.query(snapshot)).toEqual(incremental);

    // a second run replaces the demo reports instead of doubling them
    await seedDemoReports(t.db, { count: 50, actorId: staff[0]!.id, seed: 8 });
    const [{ n }] = (await t.db.query<{ n: number }>('select count(*)::int as n from reports')) as [{ n: number }];
    expect(n).toBe(50);
  });
});
