/**
 * Which reports a PA may see, and what of them. A report is a PA's when it names their work email, or when
 * it is in one of the districts on their account and the young person chose to be contacted through their
 * PA. A PA account without districts sees only the reports that name it.
 */
import type { PaReportDetail, PaReportItem, ReportDeadlines } from '#contract';
import type { Queryable } from '../../db/client';
import type { Staff } from '../auth/access';
import { districtName } from '../../lib/content';
import { findByTrackingCode } from '../housing-reports/tracking-view';
import { iso, isoOrNull } from '../../db/values';

/** SQL: the report `r` is this PA's ($1 their email, $2 their districts or null). */
const IS_THEIRS = `(r.pa_email = $1 or (r.contact_method = 'pa' and $2::text[] is not null and r.district_code = any($2::text[])))`;
const ITEM_COLUMNS = `r.id, r.tracking_code, r.status, r.urgent, r.categories, r.district_code, r.received_at, r.updated_at,
  r.reporter_first_name, r.pa_email, r.due_at`;

interface ItemRow {
  id: string;
  tracking_code: string;
  status: PaReportItem['status'];
  urgent: boolean;
  categories: PaReportItem['categories'];
  district_code: string;
  received_at: Date | string;
  updated_at: Date | string;
  reporter_first_name: string | null;
  pa_email: string | null;
  due_at: Date | string | null;
}

const scope = (pa: Staff) => [pa.email, pa.districts];

function toItem(r: ItemRow, pa: Staff): PaReportItem {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    status: r.status,
    urgent: r.urgent,
    categories: r.categories,
    district: { code: r.district_code, name: districtName(r.district_code) },
    receivedAt: iso(r.received_at),
    updatedAt: iso(r.updated_at),
    firstName: r.reporter_first_name,
    reason: r.pa_email === pa.email ? 'named' : 'district',
    dueAt: isoOrNull(r.due_at),
  };
}

/** The PA's reports, open ones first, newest first; at most `limit`. */
export async function paReports(db: Queryable, pa: Staff, limit = 200): Promise<PaReportItem[]> {
  const rows = await db.query<ItemRow>(
    `select ${ITEM_COLUMNS} from reports r where ${IS_THEIRS}
      order by r.status in ('resolved', 'closed'), r.received_at desc limit ${limit}`,
    scope(pa),
  );
  return rows.map((r) => toItem(r, pa));
}

/** One of the PA's reports, or null when there is no such report or it is not theirs. */
export async function paReport(db: Queryable, pa: Staff, id: string): Promise<PaReportDetail | null> {
  const [row] = await db.query<
    ItemRow & { description: string; accommodation_type: string; language: PaReportDetail['language'] }
  >(
    `select ${ITEM_COLUMNS}, r.description, r.accommodation_type, r.language from reports r where r.id = $3 and ${IS_THEIRS}`,
    [...scope(pa), id],
  );
  if (!row) return null;
  const view = (await findByTrackingCode(db, row.tracking_code))!;
  return {
    ...toItem(row, pa),
    description: row.description,
    accommodationType: row.accommodation_type,
    language: row.language,
    deadlines: view.deadlines satisfies ReportDeadlines,
    deadlinesBasis: view.deadlinesBasis,
    updates: view.updates,
  };
}

/** Whether the locked report row is this PA's (the same rule as IS_THEIRS). */
export const isPaReport = (
  pa: Staff,
  report: { pa_email: string | null; district_code: string; contact_method: string },
) =>
  report.pa_email === pa.email ||
  (report.contact_method === 'pa' && pa.districts !== null && pa.districts.includes(report.district_code));
