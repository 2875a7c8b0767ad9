/**
 * The audit log: every staff read of a report's details or photos, every change, every export,
 * sign-ins and account changes. Written in the same transaction as the change it records, so a change
 * without its audit row cannot exist. Admins read it through GET /api/auth/audit.
 */
import type { AuditEntry } from '#contract';
import type { Queryable } from '../../db/client';
import { iso, jsonValue } from '../../db/values';

export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_out'
  | 'auth.totp_enrolled'
  | 'staff.create'
  | 'staff.update'
  | 'report.read'
  | 'report.photo_read'
  | 'report.update'
  | 'reports.export'
  // a PA's own view (api/modules/pa)
  | 'pa.reports_list'
  | 'pa.report_create'
  // Open311 API keys (api/modules/open311/open311.admin.routes.ts)
  | 'api_key.create'
  | 'api_key.revoke'
  // care leavers living in a district, entered by an admin (api/modules/dashboard/care-leavers.routes.ts)
  | 'care_leavers.set'
  | 'care_leavers.clear'
  // a district's duty inbox for alerts (api/modules/alerts/alerts.routes.ts)
  | 'duty_inbox.set'
  // a partner's key read reports (api/modules/open311/open311.requests.ts)
  | 'open311.read'
  // a signed-in member of staff was refused (403): who, what, where (access.ts)
  | 'access.refused'
  // the content pack (api/modules/content): version 1 loaded, an item saved in the draft, a version
  // published, an earlier one republished, a pack imported as the draft, a contact or glossary word added
  // to the draft or removed from it (with its words in every language), a removal undone
  | 'content.load'
  | 'content.save'
  | 'content.add'
  | 'content.remove'
  | 'content.restore'
  | 'content.publish'
  | 'content.republish'
  | 'content.import'
  // keeping it right: an app note marked done or back in the queue, a fact marked checked today (with its
  // source URL typed again), the source links fetched, the health period changed
  | 'content.note_done'
  | 'content.note_reopened'
  | 'content.fact_checked'
  | 'content.links_checked'
  | 'content.health_settings';

export interface AuditRecord {
  actorId: string | null;
  action: AuditAction;
  reportId?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Queryable, record: AuditRecord) {
  await db.query(`insert into audit_log (actor_id, action, report_id, details) values ($1, $2, $3, $4::jsonb)`, [
    record.actorId,
    record.action,
    record.reportId ?? null,
    JSON.stringify(record.details ?? {}),
  ]);
}

export async function listAudit(
  db: Queryable,
  query: { page: number; pageSize: number; reportId?: string; actor?: string; action?: string },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const rows = await db.query<{
    id: number | string;
    at: Date | string;
    email: string | null;
    action: string;
    report_id: string | null;
    details: Record<string, unknown> | string;
    total: number | string;
  }>(
    `select a.id, a.at, u.email, a.action, a.report_id, a.details, count(*) over () as total
       from audit_log a left join staff_users u on u.id = a.actor_id
      where ($1::uuid is null or a.report_id = $1::uuid)
        and ($2::text is null or u.email = $2)
        and ($3::text is null or a.action = $3)
      order by a.id desc
      limit $4 offset $5`,
    [
      query.reportId ?? null,
      query.actor ?? null,
      query.action ?? null,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ],
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: iso(r.at),
      actor: r.email,
      action: r.action,
      reportId: r.report_id,
      details: jsonValue(r.details),
    })),
  };
}
