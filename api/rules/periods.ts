/**
 * The periods the dashboard and the published figures count in: whole calendar months, UK time. Pure, so
 * the dashboard page names the period of its address (and the one before it) while its figures are on
 * their way, in the words the server's answer will hold.
 */
import type { DashboardFilters, Period } from '../contract/dashboard';

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
 * The period of a view in `thisMonth` (UK time): the filter's months; by default the 12 months up to this
 * one (figures), or all of history (lists and exports: an old report still open must not drop out of the
 * work queue).
 */
export function periodIn(
  filters: Pick<DashboardFilters, 'from' | 'to'>,
  thisMonth: string,
  allHistory = false,
): Period {
  const to = filters.to ?? (filters.from && filters.from > thisMonth ? filters.from : thisMonth);
  const from = filters.from ?? (allHistory ? EARLIEST_MONTH : addMonths(to, -11));
  return { from, to };
}

/** The months of equal length just before `period`. */
export function previousPeriod(period: Period): Period {
  const length = monthsBetween(period.from, period.to).length;
  return { from: addMonths(period.from, -length), to: addMonths(period.from, -1) };
}
