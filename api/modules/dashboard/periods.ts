/**
 * The periods the dashboard and the published figures count in: whole calendar months, UK time.
 */
import type { DashboardFilters } from '#contract';
import { londonDate } from '#rules/deadlines';

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
export const monthStart = (param: string) => `((${param} || '-01')::date::timestamp at time zone 'Europe/London')`;
export const monthEnd = (param: string) =>
  `(((${param} || '-01')::date + interval '1 month')::timestamp at time zone 'Europe/London')`;
