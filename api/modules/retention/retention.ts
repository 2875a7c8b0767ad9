import type { Db } from '../../db/client';
import { clearOpen311PersonalData, OPEN311_PERSONAL_DATA } from '../open311/open311.requests';

export interface RetentionResult {
  /** reports whose personal details were removed in this run */
  reports: number;
  photos: number;
  cutoff: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention (SECURITY.md "How long"): once a report has been closed or resolved for
 * `days`, its photos, the young person's contact details, the address they gave and the exact point of
 * their home are deleted. An Open311 partner's address and media link go too, and so does the hash of the
 * request as sent (from which a wiped phone number could be found again by trying them all). What stays is
 * what the published figures and the dashboard's history need: categories, district, dates, status, the
 * description and the notes. A retry with the report's Idempotency-Key after that is refused as a
 * different request.
 *
 * Each report touched gets an update row (actor `retention`) saying what was removed; the run gets one
 * audit row. Safe to run any number of times: a report already cleared is not selected again.
 */
export async function applyRetention(db: Db, options: { days: number; now?: Date }): Promise<RetentionResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * DAY_MS);
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string; photos: number }>(
      `select r.id, (select count(*) from report_photos p where p.report_id = r.id)::int as photos
         from reports r
        where r.status in ('resolved', 'closed')
          and coalesce(case r.status when 'closed' then r.closed_at else r.resolved_at end, r.updated_at) < $1::timestamptz
          and (r.contact_value is not null or r.address_text is not null or r.lat is not null or r.lng is not null
               or r.reporter_first_name is not null or r.pa_email is not null
               or exists (select 1 from report_photos p where p.report_id = r.id)
               or ${OPEN311_PERSONAL_DATA})
        order by r.id
        for update of r`,
      [cutoff.toISOString()],
    );
    const ids = due.map((r) => r.id);
    const photos = due.reduce((sum, r) => sum + Number(r.photos), 0);
    if (ids.length > 0) {
      await tx.query('delete from report_photos where report_id = any($1::uuid[])', [ids]);
      // request_hash is a hash of the whole report as sent: kept, it would let the wiped fields be guessed back;
      // the young person's first name and their PA's name and email are contact details too
      await tx.query(
        `update reports set contact_value = null, address_text = null, lat = null, lng = null, request_hash = '', reporter_first_name = null,
           pa_name = null, pa_email = null where id = any($1::uuid[])`,
        [ids],
      );
      await clearOpen311PersonalData(tx, ids);
      await tx.query(
        `insert into report_updates (report_id, actor, internal_note)
         select d.id, 'retention', format('Retention: %s photo(s), contact details and exact location deleted %s days after the report was closed.', d.photos, $3::int)
           from unnest($1::uuid[], $2::int[]) as d(id, photos)`,
        [ids, due.map((r) => Number(r.photos)), options.days],
      );
    }
    await tx.query(`insert into audit_log (actor_id, action, details) values (null, 'retention.run', $1::jsonb)`, [
      JSON.stringify({ days: options.days, cutoff: cutoff.toISOString(), reports: ids.length, photos }),
    ]);
    return { reports: ids.length, photos, cutoff: cutoff.toISOString() };
  });
}
