/**
 * The dashboard's summary per district, its trend per month, and the counts behind the published figures.
 * They read slices of the monthly aggregates (stats-slice.ts), so their cost does not grow with history;
 * open and overdue reports are read from the partial index reports_open_due (open reports only).
 */
import { type CategoryGroupCounts, type DistrictSummary, type SummaryFigures } from '#contract';
import { CATEGORY_GROUPS, type CategoryGroup } from '../../contract/content';
import type { Queryable } from '../../db/client';
import { OUTSIDE } from '../../lib/content';
import { housingPolicy } from '../housing-reports/housing-reports.policy';
import { careLeaverCounts } from './care-leavers';
import { currentMonth } from './periods';
import { monthsBetween } from '#rules/periods';
import { districtsInView, OPEN, reportConditions, type ReportFilter } from './report-filter';
import {
  addHistograms,
  DELTA_SLICE,
  GROUP_DIMS,
  medianOfHistogram,
  MONTHLY_SLICE,
  sliceParams,
  statsRows,
} from './stats-slice';

// ── Summary ─────────────────────────────────────────────────────────────────────────────────

const groupOfCategory = new Map(housingPolicy.categories.map((c) => [c.id as string, c.group]));

/** Open reports past their next deadline now, per district: from the partial index of open reports. */
async function overdueByDistrict(db: Queryable, f: ReportFilter): Promise<Map<string, number>> {
  const params: unknown[] = [];
  const where = reportConditions(f, params);
  // materialized: the open, overdue reports come from the partial index alone; without it a planner with
  // no statistics (PGlite has no autovacuum) may AND in the received_at index, which grows with history
  const rows = await db.query<{ district_code: string; n: number }>(
    `with due as materialized (select * from reports r where ${OPEN} and r.due_at < now())
     select r.district_code, count(*)::int as n from due r where ${where.join(' and ')} group by r.district_code`,
    params,
  );
  return new Map(rows.map((r) => [r.district_code, r.n]));
}

const emptyGroups = (): CategoryGroupCounts =>
  Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, 0])) as CategoryGroupCounts;

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

interface Accumulator {
  total: number;
  open: number;
  overdue: number;
  groups: CategoryGroupCounts;
  resolved: number;
  inTime: number;
  ack: number[];
  res: number[];
}

const emptyAccumulator = (): Accumulator => ({
  total: 0,
  open: 0,
  overdue: 0,
  groups: emptyGroups(),
  resolved: 0,
  inTime: 0,
  ack: [],
  res: [],
});

function figures(a: Accumulator, careLeavers: number | null): SummaryFigures {
  return {
    total: a.total,
    open: a.open,
    overdue: a.overdue,
    byCategoryGroup: a.groups,
    medianDaysToAcknowledge: medianOfHistogram(a.ack),
    medianDaysToResolve: medianOfHistogram(a.res),
    resolvedInTimeShare: share(a.inTime, a.resolved),
    careLeavers,
    ratePer100: careLeavers ? Math.round((a.total / careLeavers) * 1000) / 10 : null,
  };
}

/**
 * Per district: reports received in the period (with the filters), of those still open and overdue now,
 * by category group, medians, share resolved in time; and the totals. With a category filter, the reports
 * having that category are counted, all in that category's group.
 */
export async function dashboardSummary(
  db: Queryable,
  f: ReportFilter,
): Promise<{ districts: DistrictSummary[]; totals: SummaryFigures }> {
  const dims = f.category ? [`c:${f.category}`] : ['*', ...GROUP_DIMS];
  const [rows, overdue, careLeavers] = await Promise.all([
    statsRows(db, f, dims),
    overdueByDistrict(db, f),
    careLeaverCounts(db),
  ]);
  const byDistrict = new Map<string, Accumulator>();
  const acc = (code: string) => {
    let a = byDistrict.get(code);
    if (!a) byDistrict.set(code, (a = emptyAccumulator()));
    return a;
  };
  for (const row of rows) {
    const a = acc(row.district_code);
    if (row.dim.startsWith('g:')) {
      a.groups[row.dim.slice(2) as CategoryGroup] = row.received;
      continue;
    }
    a.total = row.received;
    a.open = row.open;
    a.resolved = row.resolved;
    a.inTime = row.resolved_in_time;
    a.ack = row.ack_days ?? [];
    a.res = row.resolve_days ?? [];
    if (f.category) a.groups[groupOfCategory.get(f.category)!] = row.received;
  }
  for (const [code, n] of overdue) acc(code).overdue = n;

  const totals = emptyAccumulator();
  const districts = districtsInView(f.districts).map((d) => {
    const a = byDistrict.get(d.code) ?? emptyAccumulator();
    totals.total += a.total;
    totals.open += a.open;
    totals.overdue += a.overdue;
    totals.resolved += a.resolved;
    totals.inTime += a.inTime;
    for (const g of CATEGORY_GROUPS) totals.groups[g] += a.groups[g];
    totals.ack = addHistograms(totals.ack, a.ack);
    totals.res = addHistograms(totals.res, a.res);
    return { code: d.code, name: d.name, ...figures(a, careLeavers.get(d.code) ?? null) };
  });
  // the total's rate only when every district in view has a number ("outside" has none, and is left out of
  // both sides: its reports come from care leavers no district counts)
  const counted = districts.filter((d) => d.code !== OUTSIDE.code);
  const allKnown = counted.length > 0 && counted.every((d) => d.careLeavers !== null);
  const totalFigures = figures(totals, allKnown ? counted.reduce((s, d) => s + d.careLeavers!, 0) : null);
  if (allKnown) {
    const received = counted.reduce((s, d) => s + d.total, 0);
    totalFigures.ratePer100 = Math.round((received / totalFigures.careLeavers!) * 1000) / 10;
  }
  return { districts, totals: totalFigures };
}

/** Per month of receipt: reports received, of those open now, resolved, resolved in time, overdue now. */
export async function dashboardTrend(db: Queryable, f: ReportFilter) {
  const dim = f.category ? `c:${f.category}` : '*';
  const overdueParams: unknown[] = [];
  const overdueWhere = reportConditions(f, overdueParams);
  const [rows, overdue] = await Promise.all([
    db.query<{ month: string; received: number; open: number; resolved: number; in_time: number }>(
      `with delta as materialized (${DELTA_SLICE})
       select to_char(month, 'YYYY-MM') as month, sum(received)::int as received, sum(open)::int as open,
              sum(resolved)::int as resolved, sum(resolved_in_time)::int as in_time
         from (
           select month, received, open, resolved, resolved_in_time from (${MONTHLY_SLICE}) m
           union all
           select month, n, n * is_open, case when resolved_with_deadline then n else 0 end,
                  case when resolved_in_time then n else 0 end
             from delta
         ) u
        group by month order by month`,
      sliceParams(f, [dim]),
    ),
    // open and past their deadline now, from the partial index of open reports (see overdueByDistrict)
    db.query<{ month: string; n: number }>(
      `with due as materialized (select * from reports r where ${OPEN} and r.due_at < now())
       select to_char(r.received_at at time zone 'Europe/London', 'YYYY-MM') as month, count(*)::int as n
         from due r where ${overdueWhere.join(' and ')} group by 1`,
      overdueParams,
    ),
  ]);
  const found = new Map(rows.map((r) => [r.month, r]));
  const overdueIn = new Map(overdue.map((r) => [r.month, r.n]));
  const now = currentMonth();
  return monthsBetween(f.from, f.to).map((month) => {
    const r = found.get(month);
    return {
      month,
      received: r?.received ?? 0,
      open: r?.open ?? 0,
      resolved: r?.resolved ?? 0,
      resolvedInTime: r?.in_time ?? 0,
      overdue: overdueIn.get(month) ?? 0,
      partial: month >= now,
    };
  });
}

// ── Published figures ───────────────────────────────────────────────────────────────────────

/** The counts behind GET /api/stats/districts, per district (before suppression). */
export async function publishedCounts(db: Queryable, period: { from: string; to: string }) {
  const rows = await statsRows(db, { ...period, districts: null }, ['*', ...GROUP_DIMS], false);
  const byDistrict = new Map<
    string,
    { total: number; groups: CategoryGroupCounts; resolved: number; inTime: number }
  >();
  for (const row of rows) {
    let d = byDistrict.get(row.district_code);
    if (!d) byDistrict.set(row.district_code, (d = { total: 0, groups: emptyGroups(), resolved: 0, inTime: 0 }));
    if (row.dim.startsWith('g:')) d.groups[row.dim.slice(2) as CategoryGroup] = row.received;
    else Object.assign(d, { total: row.received, resolved: row.resolved, inTime: row.resolved_in_time });
  }
  return districtsInView(null).map((d) => ({
    ...d,
    ...(byDistrict.get(d.code) ?? { total: 0, groups: emptyGroups(), resolved: 0, inTime: 0 }),
  }));
}
