/**
 * SQL for the dashboard and the published figures. The summary, trend and published figures read the
 * monthly aggregates (report_stats_monthly, see 003-staff.sql for why and how) plus the changes not yet
 * folded into them (report_stats_delta, kept by triggers: see 006-report-stats-deltas.sql), so their cost
 * does not grow with history. Open and overdue reports are read from the partial index
 * reports_open_due (open reports only). Lists read `reports` with the same filters.
 */
import { type CategoryGroupCounts, type DashboardFilters, type DistrictSummary, type SummaryFigures } from '#contract';
import { CATEGORY_GROUPS, type CategoryGroup } from '../../contract/content';
import { londonDate } from '#rules/deadlines';
import type { Queryable } from '../../db/client';
import { districtList, OUTSIDE } from '../../lib/content';
import { housingPolicy } from '../housing-reports/housing-reports.policy';
import { careLeaverCounts } from './care-leavers';

// ── Periods (whole months, UK time) ─────────────────────────────────────────────────────────────

export const currentMonth = (now = new Date()) => londonDate(now).slice(0, 7);

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The first month any list goes back to when no `from` is given. */
export const EARLIEST_MONTH = '2000-01';

/**
 * The period of a view: the filter's months; by default the 12 months up to this one (figures), or all
 * of history (lists and exports: an old report still open must not drop out of the work queue).
 */
export function periodOf(
  filters: Pick<DashboardFilters, 'from' | 'to'>,
  allHistory = false,
): { from: string; to: string } {
  const to = filters.to ?? (filters.from && filters.from > currentMonth() ? filters.from : currentMonth());
  const from = filters.from ?? (allHistory ? EARLIEST_MONTH : addMonths(to, -11));
  return { from, to };
}

/** SQL for the first instant of a `YYYY-MM` month parameter, and of the month after one. */
const monthStart = (param: string) => `((${param} || '-01')::date::timestamp at time zone 'Europe/London')`;
const monthEnd = (param: string) =>
  `(((${param} || '-01')::date + interval '1 month')::timestamp at time zone 'Europe/London')`;

// ── Filters → SQL ────────────────────────────────────────────────────────────────────────────

export interface ReportFilter {
  from: string;
  to: string;
  /** null = every district */
  districts: string[] | null;
  category?: string;
  accommodationType?: string;
  urgent?: boolean;
}

export function toReportFilter(
  filters: DashboardFilters,
  districts: string[] | null,
  allHistory = false,
): ReportFilter {
  return {
    ...periodOf(filters, allHistory),
    districts,
    category: filters.category,
    accommodationType: filters.accommodationType,
    urgent: filters.urgent === undefined ? undefined : filters.urgent === 'true',
  };
}

/** `where` conditions on `reports r` for a filter; parameters are appended to `params`. */
export function reportConditions(f: ReportFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`r.received_at >= ${monthStart(p(f.from))}`, `r.received_at < ${monthEnd(p(f.to))}`];
  if (f.districts) where.push(`r.district_code = any(${p(f.districts)}::text[])`);
  if (f.category) where.push(`${p(f.category)} = any(r.categories)`);
  if (f.accommodationType) where.push(`r.accommodation_type = ${p(f.accommodationType)}`);
  if (f.urgent !== undefined) where.push(`r.urgent = ${p(f.urgent)}`);
  return where;
}

/** Matches the predicate of the partial index reports_open_due, so the planner can use it. */
export const OPEN = `r.status not in ('resolved', 'closed')`;

// ── Summary ─────────────────────────────────────────────────────────────────────────────────

interface StatsRow {
  district_code: string;
  dim: string;
  received: number;
  open: number;
  resolved: number;
  resolved_in_time: number;
  ack_days: number[] | null;
  resolve_days: number[] | null;
}

const GROUP_DIMS = CATEGORY_GROUPS.map((g) => `g:${g}`);
const groupOfCategory = new Map(housingPolicy.categories.map((c) => [c.id as string, c.group]));

/** The parameters of one slice of the aggregates: $1 type, $2 urgent, $3 dimensions, $4–$5 months, $6 districts. */
function sliceParams(f: ReportFilter, dims: string[]): unknown[] {
  return [
    f.accommodationType ?? '*',
    f.urgent === undefined ? '*' : f.urgent ? 'yes' : 'no',
    dims,
    f.from,
    f.to,
    f.districts,
  ];
}

/** The folded aggregates of one slice ($1–$6, see sliceParams). */
const MONTHLY_SLICE = `select * from report_stats_monthly
  where accommodation_type = $1 and urgent = $2 and dim = any($3::text[])
    and month >= ($4 || '-01')::date and month <= ($5 || '-01')::date
    and ($6::text[] is null or district_code = any($6::text[]))`;

/**
 * The changes not yet folded into report_stats_monthly (report_stats_delta, 006-report-stats-deltas.sql:
 * a few thousand rows at most), expanded to the dimensions of the aggregates exactly as the fold does, and
 * filtered like MONTHLY_SLICE. Read in the same statement as the folded rows, so a reader sees a change
 * either as a delta or as folded, never both or neither.
 */
const DELTA_SLICE = `select d.district_code, x.dim, d.month, d.n, d.is_open, d.resolved_with_deadline, d.resolved_in_time,
    case when left(x.dim, 2) <> 'g:' then d.ack_bucket end as ack_bucket,
    case when left(x.dim, 2) <> 'g:' then d.resolve_bucket end as resolve_bucket
  from (
    -- alike deltas first (many reports share their facts), so each is expanded once
    select month, district_code, categories, category_groups, is_open, resolved_with_deadline, resolved_in_time,
           ack_bucket, resolve_bucket, sum(n)::int as n
      from report_stats_delta
     where ($1 = '*' or accommodation_type = $1) and ($2 = '*' or urgent = $2)
       and month >= ($4 || '-01')::date and month <= ($5 || '-01')::date
       and ($6::text[] is null or district_code = any($6::text[]))
     group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    having sum(n) <> 0
  ) d
  cross join lateral (
    select '*' union select 'g:' || g from unnest(d.category_groups) as g union select 'c:' || c from unnest(d.categories) as c
  ) as x(dim)
  where x.dim = any($3::text[])`;

/** A day histogram from its non-empty buckets (1-based indexes, as PostgreSQL arrays count). */
function denseHistogram(index: number[] | null, counts: number[] | null): number[] | null {
  if (!index || !counts) return null;
  const hist = new Array<number>(Math.max(0, ...index)).fill(0);
  index.forEach((i, k) => (hist[i - 1] = counts[k]!));
  return hist;
}

/**
 * Reads one slice of the aggregates over the period (folded rows and pending deltas), summed per district
 * and dimension (a few dozen rows out, whatever the history). Histograms are summed bucket by bucket with
 * unnest … with ordinality: plain set operations, no per-row function calls (which are slow on PGlite).
 */
export async function statsRows(
  db: Queryable,
  f: ReportFilter,
  dims: string[],
  withHistograms = true,
): Promise<StatsRow[]> {
  const histogram = (column: 'ack_days' | 'resolve_days', bucket: 'ack_bucket' | 'resolve_bucket') => `(
      select district_code, dim, array_agg(i order by i) as i, array_agg(n order by i) as n from (
        select district_code, dim, i, sum(v)::int as n from (
          select s.district_code, s.dim, u.i::int as i, u.v
            from slice s cross join lateral unnest(s.${column}) with ordinality as u(v, i)
           where left(s.dim, 2) <> 'g:'
          union all
          select district_code, dim, ${bucket} + 1, n from delta where ${bucket} is not null
        ) x group by district_code, dim, i
      ) y where n <> 0 group by district_code, dim)`;
  const rows = await db.query<
    Omit<StatsRow, 'ack_days' | 'resolve_days'> & {
      ack_i: number[] | null;
      ack_n: number[] | null;
      res_i: number[] | null;
      res_n: number[] | null;
    }
  >(
    `with slice as materialized (${MONTHLY_SLICE}),
     delta as materialized (${DELTA_SLICE}),
     counts as (
       select district_code, dim, sum(received)::int as received, sum(open)::int as open,
              sum(resolved)::int as resolved, sum(resolved_in_time)::int as resolved_in_time
         from (
           select district_code, dim, received, open, resolved, resolved_in_time from slice
           union all
           select district_code, dim, n, n * is_open, case when resolved_with_deadline then n else 0 end,
                  case when resolved_in_time then n else 0 end
             from delta
         ) u
        group by district_code, dim
     )
     select counts.*, ${withHistograms ? 'ack.i as ack_i, ack.n as ack_n, res.i as res_i, res.n as res_n' : 'null::int[] as ack_i, null::int[] as ack_n, null::int[] as res_i, null::int[] as res_n'}
       from counts
       ${
         withHistograms
           ? `left join ${histogram('ack_days', 'ack_bucket')} ack using (district_code, dim)
       left join ${histogram('resolve_days', 'resolve_bucket')} res using (district_code, dim)`
           : ''
       }`,
    sliceParams(f, dims),
  );
  return rows.map(({ ack_i, ack_n, res_i, res_n, ...r }) => ({
    ...r,
    ack_days: denseHistogram(ack_i, ack_n),
    resolve_days: denseHistogram(res_i, res_n),
  }));
}

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

/** The median of a day histogram (hist[d] = how many took d days; the last bucket is "90 or more"). */
export function medianOfHistogram(hist: readonly number[] | null | undefined): number | null {
  if (!hist) return null;
  const n = hist.reduce((a, b) => a + b, 0);
  if (n <= 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (let d = 0; d < hist.length; d++) {
      seen += hist[d]!;
      if (seen > k) return d;
    }
    return hist.length - 1;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

export const addHistograms = (a: readonly number[], b: readonly number[]) =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));

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

/** Every district a view may list: the pack's areas and `outside`, limited to `districts` when given. */
export function districtsInView(districts: string[] | null): { code: string; name: string }[] {
  const all = [...districtList.map((d) => ({ code: d.code, name: d.name })), { ...OUTSIDE }];
  return districts ? all.filter((d) => districts.includes(d.code)) : all;
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
