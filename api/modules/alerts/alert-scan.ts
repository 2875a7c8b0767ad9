/**
 * The clock's events, found by a scan every minute: a report whose next deadline is within 2 days, one
 * past it, and the daily digest. Each is written once (its dedupe_key is unique), whichever server scans.
 */
import { londonDate } from '#rules/deadlines';
import type { Db } from '../../db/client';

const ukHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' });

/**
 * Due soon / overdue, once per report, kind and deadline (a report that moves on to its next deadline can
 * alert again for that one). Only deadlines passed in the last 7 days: older ones were alerted when they
 * passed and are in every digest; so a scan costs the same whatever the history. An urgent report whose
 * deadline was already within 2 days when it arrived is not "due soon" news: its arrival alert said so.
 */
export async function scanDeadlines(db: Db): Promise<number> {
  const rows = await db.query(
    `insert into alert_events (kind, report_id, district_code, dedupe_key)
     select k.kind, r.id, r.district_code, k.kind || ':' || r.id || ':' || to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
       from reports r
       cross join lateral (select case when r.due_at <= now() then 'overdue' else 'due_soon' end as kind) k
      where r.status not in ('resolved', 'closed') and r.due_at is not null
        and r.due_at > now() - interval '7 days' and r.due_at <= now() + interval '2 days'
        and not (k.kind = 'due_soon' and r.urgent and r.due_at <= r.received_at + interval '2 days')
     on conflict (dedupe_key) do nothing
     returning id`,
  );
  return rows.length;
}

/** The daily digest, during the digest hour (UK time): one event per day, whoever gets there first. */
export async function scanDigest(db: Db, digestHour: number, now = new Date()): Promise<boolean> {
  if (Number(ukHour.format(now)) !== digestHour) return false;
  const rows = await db.query(
    `insert into alert_events (kind, dedupe_key) values ('digest', $1) on conflict (dedupe_key) do nothing returning id`,
    [`digest:${londonDate(now)}`],
  );
  return rows.length > 0;
}
