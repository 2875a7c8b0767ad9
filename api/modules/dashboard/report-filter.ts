/**
 * A dashboard view's filters (period, districts, category, accommodation, urgency) as SQL conditions on
 * `reports r`, shared by the summary, the lists, the providers and the exports.
 */
import type { DashboardFilters } from '#contract';
import { districtList, OUTSIDE } from '../../lib/content';
import { monthEnd, monthStart, periodOf } from './periods';

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

/** Every district a view may list: the pack's areas and `outside`, limited to `districts` when given. */
export function districtsInView(districts: string[] | null): { code: string; name: string }[] {
  const all = [...districtList.map((d) => ({ code: d.code, name: d.name })), { ...OUTSIDE }];
  return districts ? all.filter((d) => districts.includes(d.code)) : all;
}
