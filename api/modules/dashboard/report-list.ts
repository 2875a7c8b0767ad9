/**
 * The report list for staff: the dashboard's filters plus a status, sorted by the next deadline, a page at
 * a time; and what each row shows (no description, location or contact: those are in the audited detail).
 */
import { compactCode, type REPORT_FLAGS, type ReportListItem, type ReportStatus } from '#contract';
import type { Queryable } from '../../db/client';
import { districtName } from '../../lib/content';
import { OPEN, reportConditions, type ReportFilter } from './report-filter';
import { iso, isoOrNull } from '../../db/values';

export interface ListFilter extends ReportFilter {
  status?: 'open' | 'overdue' | ReportStatus;
  flag?: (typeof REPORT_FLAGS)[number];
  /** A tracking code or part of one, as typed. */
  code?: string;
}

const FLAG_CONDITIONS: Record<Exclude<(typeof REPORT_FLAGS)[number], 'any'>, string> = {
  not_safe: `r.feels_safe = 'no'`,
  children: `(r.affected_children or r.affected_baby)`,
  disabled: `(r.affected_disabled or r.affected_health)`,
  pregnant: `r.affected_pregnant`,
};

export interface ListRow {
  id: string;
  tracking_code: string;
  status: ReportStatus;
  urgent: boolean;
  categories: ReportListItem['categories'];
  district_code: string;
  accommodation_type: string;
  provider: string | null;
  received_at: Date | string;
  due_at: Date | string | null;
  overdue: boolean;
  due_soon: boolean;
}

export const LIST_COLUMNS = `r.id, r.tracking_code, r.status, r.urgent, r.categories, r.district_code, r.accommodation_type, r.provider,
  r.received_at, r.due_at,
  (${OPEN} and r.due_at < now()) as overdue,
  (${OPEN} and r.due_at >= now() and r.due_at < now() + interval '2 days') as due_soon`;

export function listWhere(f: ListFilter, params: unknown[]): string {
  const where = reportConditions(f, params);
  if (f.status === 'open') where.push(OPEN);
  else if (f.status === 'overdue') where.push(OPEN, 'r.due_at < now()');
  else if (f.status) {
    params.push(f.status);
    where.push(`r.status = $${params.length}`);
  }
  if (f.flag)
    where.push(f.flag === 'any' ? `(${Object.values(FLAG_CONDITIONS).join(' or ')})` : FLAG_CONDITIONS[f.flag]);
  const code = f.code ? compactCode(f.code) : '';
  if (code) {
    params.push(`%${code}%`);
    where.push(`replace(r.tracking_code, '-', '') like $${params.length}`);
  }
  return where.join(' and ');
}

export const refOf = (id: string) => id.slice(0, 8).toUpperCase();

export function toListItem(r: ListRow): ReportListItem {
  return {
    id: r.id,
    ref: refOf(r.id),
    trackingCode: r.tracking_code,
    status: r.status,
    urgent: r.urgent,
    categories: r.categories,
    district: { code: r.district_code, name: districtName(r.district_code) },
    accommodationType: r.accommodation_type,
    provider: r.provider,
    receivedAt: iso(r.received_at),
    dueAt: isoOrNull(r.due_at),
    overdue: r.overdue,
    dueSoon: r.due_soon,
  };
}

/** Sorted by deadline (the next one to meet first; reports without one last, newest first). */
const LIST_ORDER = `order by r.due_at is null, r.due_at, r.received_at desc, r.id`;

export async function listReports(db: Queryable, f: ListFilter, page: number, pageSize: number) {
  const params: unknown[] = [];
  const where = listWhere(f, params);
  const [count] = await db.query<{ n: number }>(`select count(*)::int as n from reports r where ${where}`, params);
  const rows = await db.query<ListRow>(
    `select ${LIST_COLUMNS} from reports r where ${where} ${LIST_ORDER} limit ${pageSize} offset ${(page - 1) * pageSize}`,
    params,
  );
  return { reports: rows.map(toListItem), total: count?.n ?? 0 };
}
