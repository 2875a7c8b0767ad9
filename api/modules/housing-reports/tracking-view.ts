/**
 * The tracking view of a report: what anyone holding its tracking code may see (GET /api/reports/{code},
 * a PA's young people's reports, "Follow a report"), and its public history.
 */
import type {
  AccommodationType,
  DeadlinesBasis,
  NewReport,
  PublicReport,
  PublicUpdate,
  ReplyKind,
  ReportDeadlines,
  ReportStatus,
} from '#contract';
import type { Queryable } from '../../db/client';
import { iso, isoOrNull, jsonValue } from '../../db/values';

interface PublicRow {
  id: string;
  tracking_code: string;
  status: ReportStatus;
  urgent: boolean;
  categories: NewReport['categories'];
  district_code: string;
  district_name: string;
  received_at: Date | string;
  updated_at: Date | string;
  acknowledged_at: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  deadlines: ReportDeadlines | string;
  deadlines_basis: DeadlinesBasis | null;
  accommodation_type: AccommodationType;
}

interface PublicUpdateRow {
  at: Date | string;
  to_status: ReportStatus | null;
  public_note: string | null;
  template_id: string | null;
  template_fields: Record<string, string> | string | null;
  reply_kind: ReplyKind | null;
  reply_text: string | null;
}

/** A history row as the young person sees it (no actor, no internal note). */
function publicUpdate(u: PublicUpdateRow): PublicUpdate {
  const update: PublicUpdate = { at: iso(u.at) };
  if (u.to_status) update.status = u.to_status;
  if (u.public_note) update.note = u.public_note;
  if (u.template_id) {
    update.template = { id: u.template_id, fields: jsonValue(u.template_fields) ?? {} };
  }
  if (u.reply_kind) update.reply = u.reply_text ? { kind: u.reply_kind, text: u.reply_text } : { kind: u.reply_kind };
  return update;
}

/** The id of the report with this (normalised) tracking code, or null. */
export async function findIdByTrackingCode(db: Queryable, trackingCode: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>('select id from reports where tracking_code = $1', [trackingCode]);
  return rows[0]?.id ?? null;
}

/**
 * The tracking view (what anyone holding the code may see): selected column by column, so location,
 * address, photos, contact, description, provider and internal notes cannot leak in by accident.
 */
export async function findByTrackingCode(db: Queryable, trackingCode: string): Promise<PublicReport | null> {
  const rows = await db.query<PublicRow>(
    `select r.id, r.tracking_code, r.status, r.urgent, r.categories, r.district_code, d.name as district_name,
            r.received_at, r.updated_at, r.acknowledged_at, r.resolved_at, r.closed_at, r.deadlines, r.deadlines_basis,
            r.accommodation_type
       from reports r join districts d on d.code = r.district_code
      where r.tracking_code = $1`,
    [trackingCode],
  );
  const row = rows[0];
  if (!row) return null;
  const updates = await db.query<PublicUpdateRow>(
    `select at, to_status, public_note, template_id, template_fields, reply_kind, reply_text from report_updates
      where report_id = $1 and (to_status is not null or public_note is not null or template_id is not null or reply_kind is not null)
      order by at, id`,
    [row.id],
  );
  return {
    trackingCode: row.tracking_code,
    status: row.status,
    urgent: row.urgent,
    categories: row.categories,
    district: { code: row.district_code, name: row.district_name },
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at),
    deadlines: jsonValue(row.deadlines),
    deadlinesBasis: row.deadlines_basis ?? 'target',
    accommodationType: row.accommodation_type,
    updates: updates.map(publicUpdate),
  };
}
