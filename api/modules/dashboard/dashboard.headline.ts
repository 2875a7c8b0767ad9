/**
 * The headline strip: for the reports received in a period (with the filters), how many are open now,
 * urgent and open, overdue (and of those, how many past a deadline Awaab's Law sets), due within 2 days; the share resolved in time and the median days to
 * acknowledge and to resolve. The same figures for the period of equal length just before it, so each can
 * show its change. Open figures come from the partial index of open reports, the others from the monthly
 * aggregates (stats-slice.ts), so the cost does not grow with history.
 */
import type { HeadlineFigures } from '#contract';
import type { Queryable } from '../../db/client';
import { previousPeriod } from '#rules/periods';
import { OPEN, reportConditions, type ReportFilter } from './report-filter';
import { addHistograms, medianOfHistogram, statsRows } from './stats-slice';

export async function headlineFigures(db: Queryable, f: ReportFilter): Promise<HeadlineFigures> {
  const params: unknown[] = [];
  const where = reportConditions(f, params);
  const [[open], rows] = await Promise.all([
    // materialized: open reports from the partial index alone (see overdueByDistrict)
    db.query<{ open: number; urgent_open: number; overdue: number; overdue_law: number; due_soon: number }>(
      `with o as materialized (select * from reports r where ${OPEN})
       select count(*)::int as open, (count(*) filter (where r.urgent))::int as urgent_open,
              (count(*) filter (where r.due_at < now()))::int as overdue,
              (count(*) filter (where r.due_at < now() and r.deadlines_basis = 'law'))::int as overdue_law,
              (count(*) filter (where r.due_at >= now() and r.due_at < now() + interval '2 days'))::int as due_soon
         from o r where ${where.join(' and ')}`,
      params,
    ),
    statsRows(db, f, [f.category ? `c:${f.category}` : '*']),
  ]);
  let resolved = 0;
  let inTime = 0;
  let ack: number[] = [];
  let res: number[] = [];
  for (const row of rows) {
    resolved += row.resolved;
    inTime += row.resolved_in_time;
    ack = addHistograms(ack, row.ack_days ?? []);
    res = addHistograms(res, row.resolve_days ?? []);
  }
  return {
    open: open?.open ?? 0,
    urgentOpen: open?.urgent_open ?? 0,
    overdue: open?.overdue ?? 0,
    overdueLaw: open?.overdue_law ?? 0,
    dueSoon: open?.due_soon ?? 0,
    resolvedInTimeShare: resolved > 0 ? Math.round((inTime / resolved) * 1000) / 1000 : null,
    medianDaysToAcknowledge: medianOfHistogram(ack),
    medianDaysToResolve: medianOfHistogram(res),
  };
}

/** The headline of `f`'s period and of the period before it. */
export async function headline(db: Queryable, f: ReportFilter) {
  const before = { ...f, ...previousPeriod(f) };
  const [current, previous] = await Promise.all([headlineFigures(db, f), headlineFigures(db, before)]);
  return { current, previous, previousPeriod: previousPeriod(f) };
}
