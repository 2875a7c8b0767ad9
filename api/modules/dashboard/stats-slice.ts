/**
 * One slice of the report figures (a filter's accommodation type, urgency, months and districts, by
 * dimension: all reports `*`, a category group `g:…` or a category `c:…`), read from the monthly aggregates
 * (report_stats_monthly, see 003-staff.sql) plus the changes not yet folded into them (report_stats_delta,
 * 006-report-stats-deltas.sql), so the cost does not grow with history.
 */
import { CATEGORY_GROUPS } from '../../contract/content';
import type { Queryable } from '../../db/client';
import type { ReportFilter } from './report-filter';

export interface StatsRow {
  district_code: string;
  dim: string;
  received: number;
  open: number;
  resolved: number;
  resolved_in_time: number;
  ack_days: number[] | null;
  resolve_days: number[] | null;
}

export const GROUP_DIMS = CATEGORY_GROUPS.map((g) => `g:${g}`);

/** The parameters of one slice of the aggregates: $1 type, $2 urgent, $3 dimensions, $4–$5 months, $6 districts. */
export function sliceParams(f: ReportFilter, dims: string[]): unknown[] {
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
export const MONTHLY_SLICE = `select * from report_stats_monthly
  where accommodation_type = $1 and urgent = $2 and dim = any($3::text[])
    and month >= ($4 || '-01')::date and month <= ($5 || '-01')::date
    and ($6::text[] is null or district_code = any($6::text[]))`;

/**
 * The changes not yet folded into report_stats_monthly (report_stats_delta, 006-report-stats-deltas.sql:
 * a few thousand rows at most), expanded to the dimensions of the aggregates by the flush's own
 * report_stats_dims (018-report-stats-dims.sql), and
 * filtered like MONTHLY_SLICE. Read in the same statement as the folded rows, so a reader sees a change
 * either as a delta or as folded, never both or neither.
 */
export const DELTA_SLICE = `select d.district_code, x.dim, d.month, d.n, d.is_open, d.resolved_with_deadline, d.resolved_in_time,
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
  cross join lateral report_stats_dims(d.category_groups, d.categories) as x(dim)
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
