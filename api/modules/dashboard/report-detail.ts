/**
 * One report for staff with the role: its district (for the access check), everything the young person
 * sent, earlier reports at the same home, photos and history.
 */
import type { ReplyKind, ReportDetail, ReportStatus } from '#contract';
import type { Queryable } from '../../db/client';
import { LIST_COLUMNS, toListItem, type ListRow } from './report-list';
import { earlierAtHome } from './repeat-homes';
import { iso, isoOrNull, jsonValue } from '../../db/values';

/** The district of a report (for the access check before anything else is read), or null. */
export async function reportDistrict(db: Queryable, id: string): Promise<string | null> {
  const rows = await db.query<{ district_code: string }>('select district_code from reports where id = $1', [id]);
  return rows[0]?.district_code ?? null;
}

export async function reportDetail(db: Queryable, id: string): Promise<Omit<ReportDetail, 'nextStatuses'> | null> {
  const [r] = await db.query<
    ListRow & {
      description: string;
      since: Date | string | null;
      affected_baby: boolean;
      affected_health: boolean;
      affected_children: boolean;
      affected_disabled: boolean;
      affected_pregnant: boolean;
      feels_safe: 'yes' | 'no' | 'not_sure';
      contact_method: string;
      contact_value: string | null;
      address_text: string | null;
      lat: number | null;
      lng: number | null;
      source: string;
      acknowledged_at: Date | null;
      resolved_at: Date | null;
      closed_at: Date | null;
      closed_reason: string | null;
      updated_at: Date;
      deadlines: ReportDetail['deadlines'] | string;
      since_text: string | null;
      deadlines_basis: ReportDetail['deadlinesBasis'] | null;
      language: ReportDetail['language'];
      pa_name: string | null;
      pa_email: string | null;
      reporter_first_name: string | null;
      made_by: string | null;
    }
  >(
    `select ${LIST_COLUMNS}, r.description, to_char(r.since, 'YYYY-MM-DD') as since_text, r.affected_baby, r.affected_health, r.affected_children, r.affected_disabled, r.affected_pregnant, r.feels_safe,
            r.contact_method, r.contact_value, r.address_text, r.lat, r.lng, r.source, r.acknowledged_at, r.resolved_at, r.closed_at,
            r.closed_reason, r.updated_at, r.deadlines, r.deadlines_basis, r.language, r.pa_name, r.pa_email,
            r.reporter_first_name, (select email from staff_users u where u.id = r.made_by_staff_id) as made_by
       from reports r where r.id = $1`,
    [id],
  );
  if (!r) return null;
  const earlier = await earlierAtHome(db, id);
  const photos = await db.query<{ position: number; width: number; height: number }>(
    'select position, width, height from report_photos where report_id = $1 order by position',
    [id],
  );
  const history = await db.query<{
    at: Date;
    actor: string;
    email: string | null;
    from_status: ReportStatus | null;
    to_status: ReportStatus | null;
    public_note: string | null;
    internal_note: string | null;
    template_id: string | null;
    template_fields: Record<string, string> | string | null;
    reply_kind: ReplyKind | null;
    reply_text: string | null;
  }>(
    `select ru.at, ru.actor, u.email, ru.from_status, ru.to_status, ru.public_note, ru.internal_note, ru.template_id,
            ru.template_fields, ru.reply_kind, ru.reply_text
       from report_updates ru left join staff_users u on ru.actor = 'staff:' || u.id::text
      where ru.report_id = $1 order by ru.at, ru.id`,
    [id],
  );
  return {
    ...toListItem(r),
    description: r.description,
    since: r.since_text,
    feelsSafe: r.feels_safe,
    affected: {
      baby: r.affected_baby,
      healthCondition: r.affected_health,
      children: r.affected_children,
      disabled: r.affected_disabled,
      pregnant: r.affected_pregnant,
    },
    home: { earlier, cameBack: earlier.some((e) => e.cameBackAfter) },
    contact: { method: r.contact_method, value: r.contact_value },
    address: r.address_text,
    location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
    source: r.source,
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    resolvedAt: isoOrNull(r.resolved_at),
    closedAt: isoOrNull(r.closed_at),
    closedReason: r.closed_reason,
    updatedAt: iso(r.updated_at),
    deadlines: jsonValue(r.deadlines),
    deadlinesBasis: r.deadlines_basis ?? 'target',
    language: r.language,
    pa: r.pa_email ? { name: r.pa_name ?? '', email: r.pa_email } : null,
    firstName: r.reporter_first_name,
    madeBy: r.made_by,
    photos: photos.map((p) => ({
      n: p.position + 1,
      width: p.width,
      height: p.height,
      url: `/api/dashboard/reports/${id}/photos/${p.position + 1}`,
    })),
    history: history.map((h) => ({
      at: iso(h.at),
      actor: h.email ?? (h.actor.startsWith('staff:') ? 'staff' : h.actor),
      fromStatus: h.from_status,
      toStatus: h.to_status,
      publicNote: h.public_note,
      internalNote: h.internal_note,
      template: h.template_id
        ? {
            id: h.template_id,
            fields: jsonValue(h.template_fields) ?? {},
          }
        : null,
      reply: h.reply_kind ? { kind: h.reply_kind, text: h.reply_text } : null,
    })),
  };
}

/** Photo `n` (1-based) of a report. */
export async function reportPhoto(
  db: Queryable,
  id: string,
  n: number,
): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  const [row] = await db.query<{ content_type: string; bytes: Uint8Array }>(
    'select content_type, bytes from report_photos where report_id = $1 and position = $2',
    [id, n - 1],
  );
  return row ? { contentType: row.content_type, bytes: row.bytes } : null;
}
