/**
 * The dashboard's and the published figures equal a recount of `reports` at every moment (* 006-report-stats-deltas.sql): while changes wait as deltas, after a flush has folded them into
 * report_stats_monthly, with both at once, after status changes and deletions, when the 200th writing
 * statement flushes by itself, and under concurrent posts (on PostgreSQL, really concurrent).
 * The recount is computed here in TypeScript from the report rows, independently of the SQL it checks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReport } from '#contract';
import { CATEGORY_GROUPS } from '../../api/contract/content';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { publishedCounts } from '../../api/modules/dashboard/dashboard.queries';
import { currentMonth, periodOf } from '../../api/modules/dashboard/periods';
import { addMonths } from '#rules/periods';
import { housingPolicy } from '../../api/modules/housing-reports/housing-reports.policy';
import { newReport, REPORT_STATS_SNAPSHOT } from '../helpers/reports';
import { createTestApp, json } from '../helpers/test-app';
import { asStaff, createStaff, signIn } from '../helpers/staff';

const THANET = 'E07000114';
const DOVER = 'E07000108';
const ASHFORD = 'E07000105';
const DAY = 86_400_000;

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;

const groupOf = new Map(housingPolicy.categories.map((c) => [c.id as string, c.group as string]));

interface Row {
  id: string;
  month: string;
  district_code: string;
  accommodation_type: string;
  urgent: boolean;
  categories: string[];
  category_groups: string[];
  status: string;
  deadlines: Record<string, string> | string;
  received_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

interface Filter {
  district?: string;
  category?: string;
  accommodationType?: string;
  urgent?: 'true' | 'false';
}

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const k = s.length;
  return k % 2 === 1 ? s[(k - 1) / 2]! : (s[k / 2 - 1]! + s[k / 2]!) / 2;
};
const days = (from: Date, to: Date) => Math.min(90, Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY)));

/** The figures of a set of reports, counted one by one. */
function recount(rows: Row[], category?: string) {
  const groups = Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, 0])) as Record<string, number>;
  for (const r of rows) {
    if (category) groups[groupOf.get(category)!]! += 1;
    else for (const g of r.category_groups) groups[g]! += 1;
  }
  const withDeadline = rows.filter((r) => {
    const d = typeof r.deadlines === 'string' ? (JSON.parse(r.deadlines) as Record<string, string>) : r.deadlines;
    return r.status === 'resolved' && Object.keys(d).length > 0;
  });
  const inTime = withDeadline.filter((r) => {
    const d = typeof r.deadlines === 'string' ? (JSON.parse(r.deadlines) as Record<string, string>) : r.deadlines;
    const last = Math.max(...Object.values(d).map((v) => new Date(v).getTime()));
    return r.resolved_at!.getTime() <= last;
  });
  return {
    total: rows.length,
    open: rows.filter((r) => r.status !== 'resolved' && r.status !== 'closed').length,
    byCategoryGroup: groups,
    medianDaysToAcknowledge: median(
      rows.filter((r) => r.acknowledged_at).map((r) => days(r.received_at, r.acknowledged_at!)),
    ),
    medianDaysToResolve: median(
      rows.filter((r) => r.status === 'resolved' && r.resolved_at).map((r) => days(r.received_at, r.resolved_at!)),
    ),
    resolvedInTimeShare:
      withDeadline.length > 0 ? Math.round((inTime.length / withDeadline.length) * 1000) / 1000 : null,
  };
}

async function reportRows(): Promise<Row[]> {
  const rows = await t.db.query<Row>(
    `select id, to_char(received_at at time zone 'Europe/London', 'YYYY-MM') as month, district_code, accommodation_type, urgent,
            categories, category_groups, status, deadlines, received_at, acknowledged_at, resolved_at
       from reports`,
  );
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    ...r,
    received_at: date(r.received_at)!,
    acknowledged_at: date(r.acknowledged_at),
    resolved_at: date(r.resolved_at),
  }));
}

const matches = (r: Row, f: Filter) =>
  (!f.district || r.district_code === f.district) &&
  (!f.category || r.categories.includes(f.category)) &&
  (!f.accommodationType || r.accommodation_type === f.accommodationType) &&
  (f.urgent === undefined || r.urgent === (f.urgent === 'true'));

const FILTERS: Filter[] = [
  {},
  { urgent: 'true' },
  { urgent: 'false' },
  { category: 'damp' },
  { category: 'gas_co' },
  { accommodationType: 'private_rented' },
  { accommodationType: 'shared_house', urgent: 'false' },
  { district: THANET },
  { district: DOVER, category: 'mould' },
];

const pick = <T extends object>(o: T, keys: (keyof T)[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const FIGURES = [
  'total',
  'open',
  'byCategoryGroup',
  'medianDaysToAcknowledge',
  'medianDaysToResolve',
  'resolvedInTimeShare',
] as const;

/** Summary (every filter), trend and published counts against the recount; returns how many reports it saw. */
async function expectFiguresEqualRecount() {
  const rows = await reportRows();
  const { from, to } = periodOf({});
  const inPeriod = rows.filter((r) => r.month >= from && r.month <= to);
  for (const f of FILTERS) {
    const query = new URLSearchParams(f as Record<string, string>).toString();
    const res = await t.app.request(`/api/dashboard/summary?${query}`, asStaff(cookie));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      districts: ({ code: string } & Record<string, unknown>)[];
      totals: Record<string, unknown>;
    };
    const selected = inPeriod.filter((r) => matches(r, f));
    expect(pick(body.totals, [...FIGURES]), `totals ?${query}`).toEqual(recount(selected, f.category));
    for (const d of body.districts) {
      expect(pick(d, [...FIGURES]), `${d.code} ?${query}`).toEqual(
        recount(
          selected.filter((r) => r.district_code === d.code),
          f.category,
        ),
      );
    }
  }

  // every month of a longer period, by category too
  const trendFrom = addMonths(currentMonth(), -15);
  for (const category of [undefined, 'damp']) {
    const res = await t.app.request(
      `/api/dashboard/trend?from=${trendFrom}&to=${to}${category ? `&category=${category}` : ''}`,
      asStaff(cookie),
    );
    expect(res.status).toBe(200);
    const trend = ((await res.json()) as { months: { month: string; received: number; open: number }[] }).months;
    expect(trend.length).toBe(16);
    for (const m of trend) {
      const selected = rows.filter((r) => r.month === m.month && (!category || r.categories.includes(category)));
      const r = recount(selected);
      expect({ month: m.month, received: m.received, open: m.open }).toEqual({
        month: m.month,
        received: r.total,
        open: r.open,
      });
    }
  }

  // the published figures' counts (before suppression)
  const published = await publishedCounts(t.db, { from, to });
  for (const d of published) {
    const r = recount(inPeriod.filter((x) => x.district_code === d.code));
    expect({ code: d.code, total: d.total, groups: d.groups }).toEqual({
      code: d.code,
      total: r.total,
      groups: r.byCategoryGroup,
    });
  }
  return inPeriod.length;
}

const deltaRows = async () =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from report_stats_delta'))[0]!.n;
const foldedRows = async () =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from report_stats_monthly where received <> 0'))[0]!.n;

const report = (overrides: Partial<NewReport> = {}) =>
  newReport({
    district: THANET,
    description: 'Synthetic test report for the aggregates.',
    contact: { method: 'none' },
    ...overrides,
  }) as NewReport;

/** Through the API, like a phone. */
async function post(overrides: Partial<NewReport> = {}): Promise<string> {
  const res = await t.app.request(
    '/api/reports',
    json(report(overrides), { 'idempotency-key': `stats-${randomUUID()}` }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Straight into the database with a chosen arrival time (earlier months). */
async function addAt(receivedAt: Date, overrides: Partial<NewReport> = {}): Promise<string> {
  const result = await createReport(t.db, {
    report: report(overrides),
    idempotencyKey: randomUUID(),
    requestHash: 'test',
    photos: [],
    receivedAt,
  });
  return result.response.id;
}

const patch = async (id: string, status: string) => {
  const body = status === 'closed' ? { status, closedReason: 'Synthetic: a duplicate.' } : { status };
  const res = await t.app.request(`/api/dashboard/reports/${id}`, asStaff(cookie, { method: 'PATCH', body }));
  expect(res.status, await res.clone().text()).toBe(200);
};

/** Any writer, not only the API: acknowledged and resolved after a chosen number of days. */
const settle = (id: string, ackDays: number, resolveDays: number | null) =>
  t.db.query(
    `update reports set status = $4,
            acknowledged_at = received_at + $2 * interval '1 day',
            resolved_at = case when $3::int is null then null else received_at + $3::int * interval '1 day' end,
            due_at = null
      where id = $1`,
    [id, ackDays, resolveDays, resolveDays === null ? 'investigating' : 'resolved'],
  );

beforeAll(async () => {
  t = await createTestApp();
  const all = await createStaff(t.db, { email: 'stats-kent@example.test', role: 'commissioner' });
  cookie = await signIn(t.app, all);
});
afterAll(() => t.close());

describe('dashboard and published figures against a recount of the reports', () => {
  const ids: string[] = [];

  it('count new reports while they wait as deltas', async () => {
    ids.push(
      await post(),
      await post({ categories: ['damp', 'mould'], district: DOVER }),
      await post({ categories: ['gas_co'], feelsSafe: 'no', accommodationType: 'shared_house' }),
      await post({ categories: ['electrics'], location: { lat: 51.1465, lng: 0.875 }, district: null }),
      await post({ categories: ['pests'], district: DOVER, accommodationType: 'shared_house' }),
      await post({ categories: ['mould'], district: DOVER, feelsSafe: 'no' }),
    );
    const monthAgo = new Date(Date.now() - 35 * DAY);
    ids.push(
      await addAt(monthAgo, { categories: ['damp'], district: ASHFORD }),
      await addAt(monthAgo, { categories: ['locks_doors_windows', 'damp'] }),
      await addAt(new Date(Date.now() - 70 * DAY), { categories: ['damp'], district: DOVER }),
      // before the default 12 months: in the trend, not in the summary
      await addAt(new Date(Date.now() - 400 * DAY), { categories: ['damp'] }),
    );
    expect(await foldedRows()).toBe(0);
    expect(await deltaRows()).toBeGreaterThan(0);
    expect(await expectFiguresEqualRecount()).toBe(9);
  });

  it('follow status changes (an update is − old + new) while they wait as deltas', async () => {
    await patch(ids[0]!, 'acknowledged');
    await patch(ids[0]!, 'resolved');
    await patch(ids[1]!, 'closed');
    await patch(ids[2]!, 'acknowledged');
    await settle(ids[6]!, 3, 12);
    await settle(ids[7]!, 1, null);
    await settle(ids[8]!, 8, 60); // after its last deadline
    expect(await foldedRows()).toBe(0);
    await expectFiguresEqualRecount();
  });

  it('stay equal once a flush has folded the deltas, and with new deltas on top', async () => {
    const [{ folded }] = (await t.db.query<{ folded: number }>('select report_stats_flush() as folded')) as [
      { folded: number },
    ];
    expect(folded).toBeGreaterThan(0);
    expect(await deltaRows()).toBe(0);
    expect(await foldedRows()).toBeGreaterThan(0);
    if (t.db.kind === 'pglite') {
      // no autovacuum there: the flush gives the table's space back, or it would grow with history
      const [{ bytes }] = (await t.db.query<{ bytes: number }>(
        `select pg_relation_size('report_stats_delta')::int as bytes`,
      )) as [{ bytes: number }];
      expect(bytes).toBe(0);
    }
    await expectFiguresEqualRecount();

    // now both: folded rows and deltas that add and take away from them
    await patch(ids[2]!, 'investigating');
    await patch(ids[2]!, 'resolved');
    await settle(ids[9]!, 2, 5);
    ids.push(
      await post({ categories: ['damp', 'cold_heating'], district: ASHFORD }),
      await post({ categories: ['gas_co'], feelsSafe: 'no' }),
    );
    await t.db.query('delete from reports where id = $1', [ids[4]]);
    expect(await deltaRows()).toBeGreaterThan(0);
    await expectFiguresEqualRecount();
  });

  it('write no delta for a change that moves no figure', async () => {
    const before = await deltaRows();
    await t.db.query(
      `update reports set contact_value = null, lat = null, lng = null, updated_at = now() where id = any($1::uuid[])`,
      [ids],
    );
    expect(await deltaRows()).toBe(before);
  });

  it('flush by themselves on every 200th writing statement, the deltas of that statement included', async () => {
    expect(await deltaRows()).toBeGreaterThan(0);
    await t.db.query(`select setval('report_stats_flush_seq', 398)`);
    ids.push(await post({ categories: ['electrics'], district: DOVER })); // draws 399
    expect(await deltaRows()).toBeGreaterThan(0);
    ids.push(await post({ categories: ['fire_safety'], district: DOVER })); // draws 400: flushes
    expect(await deltaRows()).toBe(0);
    await expectFiguresEqualRecount();
  });

  it('equal a rebuild from scratch', async () => {
    await patch(ids.at(-1)!, 'acknowledged');
    const snapshot = REPORT_STATS_SNAPSHOT;
    await t.db.query('select report_stats_flush()');
    const incremental = await t.db.query(snapshot);
    await t.db.query('select report_stats_rebuild()');
    expect(await deltaRows()).toBe(0);
    expect(await t.db.query(snapshot)).toEqual(incremental);
    await expectFiguresEqualRecount();
  });

  it('stay equal under concurrent posts and status changes, with flushes in the middle of them', async () => {
    // the next flush falls among the posts below
    await t.db.query(`select setval('report_stats_flush_seq', 590)`);
    const districts = [THANET, DOVER, ASHFORD] as const;
    const categories = [
      ['damp'],
      ['mould', 'damp'],
      ['gas_co'],
      ['pests'],
      ['electrics', 'fire_safety'],
    ] as NewReport['categories'][];
    const posted = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post({ district: districts[i % 3]!, categories: categories[i % 5]!, feelsSafe: i % 7 === 0 ? 'no' : 'yes' }),
      ),
    );
    await Promise.all(posted.slice(0, 10).map((id) => patch(id, 'acknowledged')));
    await Promise.all([
      ...posted.slice(0, 5).map((id) => patch(id, 'resolved')),
      ...posted.slice(10, 15).map((id) => patch(id, 'closed')),
      ...Array.from({ length: 10 }, (_, i) =>
        post({ district: districts[i % 3]!, categories: categories[(i + 2) % 5]! }),
      ),
      t.db.query('select report_stats_flush()'),
    ]);
    const [{ drawn }] = (await t.db.query<{ drawn: number }>(
      `select last_value::int as drawn from report_stats_flush_seq`,
    )) as [{ drawn: number }];
    expect(drawn).toBeGreaterThan(600);
    expect(await expectFiguresEqualRecount()).toBeGreaterThan(45);
  });
});
