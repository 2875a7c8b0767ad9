/**
 * The periods the dashboard and the published figures count in (the pure part is shared with the web app:
 * api/rules/periods.ts), and their bounds in SQL.
 */
import type { DashboardFilters, Period } from '#contract';
import { londonDate } from '#rules/deadlines';
import { periodIn } from '#rules/periods';

export const currentMonth = (now = new Date()) => londonDate(now).slice(0, 7);

/** The period of a view now (see periodIn). */
export const periodOf = (filters: Pick<DashboardFilters, 'from' | 'to'>, allHistory = false): Period =>
  periodIn(filters, currentMonth(), allHistory);

/** SQL for the first instant of a `YYYY-MM` month parameter, and of the month after one. */
export const monthStart = (param: string) => `((${param} || '-01')::date::timestamp at time zone 'Europe/London')`;
export const monthEnd = (param: string) =>
  `(((${param} || '-01')::date + interval '1 month')::timestamp at time zone 'Europe/London')`;
