/**
 * From an event to its deliveries: who gets what, on which channel, in their language. An event is fanned
 * out in one transaction that also marks it done, claimed with SKIP LOCKED: with several servers on one
 * PostgreSQL, each event is fanned out exactly once, and each (event, channel, recipient) is unique.
 */
import type { Db, Queryable } from '../../db/client';
import {
  digestMail,
  paMail,
  staffMail,
  staffPush,
  type DigestItem,
  type PaAlertKind,
  type ReportFacts,
  type StaffAlertKind,
} from './alert-messages';
import { reportUpdatePush } from './alert-words';

interface EventRow {
  id: string;
  kind: 'report_created' | 'report_updated' | 'due_soon' | 'overdue' | 'digest';
  report_id: string | null;
  /** the young person's own answer (a reply, "not fixed", "came back"), not a staff change */
  reply: boolean;
}

interface Delivery {
  channel: 'email' | 'push';
  recipient: string;
  district: string | null;
  message: unknown;
}

interface StaffRow {
  id: string;
  email: string;
  districts: string[] | null;
  email_urgent: boolean;
  email_deadlines: boolean;
  email_digest: boolean;
  push_urgent: boolean;
  push_deadlines: boolean;
}

/** Commissioners (not disabled) with their choices; `district`: only those who cover it. */
async function commissioners(q: Queryable, district: string | null): Promise<StaffRow[]> {
  return q.query<StaffRow>(
    `select u.id, u.email, u.districts,
            coalesce(s.email_urgent, true) as email_urgent, coalesce(s.email_deadlines, true) as email_deadlines,
            coalesce(s.email_digest, true) as email_digest, coalesce(s.push_urgent, true) as push_urgent,
            coalesce(s.push_deadlines, true) as push_deadlines
       from staff_users u left join staff_alert_settings s on s.staff_id = u.id
      where u.role = 'commissioner' and u.disabled_at is null
        and ($1::text is null or u.districts is null or $1 = any(u.districts))
      order by u.email`,
    [district],
  );
}

const staffPushEndpoints = async (q: Queryable, staffIds: string[]) =>
  staffIds.length === 0
    ? []
    : q.query<{ endpoint: string }>(
        'select endpoint from push_subscriptions where staff_id = any($1::uuid[]) order by endpoint',
        [staffIds],
      );

const dutyInboxes = (q: Queryable, district: string | null) =>
  q.query<{ district_code: string; email: string }>(
    'select district_code, email from district_duty_inboxes where $1::text is null or district_code = $1 order by district_code',
    [district],
  );

interface FactsRow {
  id: string;
  tracking_code: string;
  district_code: string;
  district_name: string;
  categories: string[];
  urgent: boolean;
  due_at: Date | string | null;
  status: string;
}

const toFacts = (r: FactsRow): DigestItem => ({
  id: r.id,
  trackingCode: r.tracking_code,
  districtCode: r.district_code,
  districtName: r.district_name,
  categories: r.categories,
  urgent: r.urgent,
  dueAt: r.due_at === null ? null : new Date(r.due_at),
  status: r.status,
});

const FACTS = `select r.id, r.tracking_code, r.district_code, d.name as district_name, r.categories, r.urgent, r.due_at, r.status
  from reports r join districts d on d.code = r.district_code`;

/** Alerts about one report for the staff who cover its district and the district's duty inbox. */
async function staffDeliveries(
  q: Queryable,
  origin: string,
  kind: StaffAlertKind,
  facts: DigestItem,
): Promise<Delivery[]> {
  const staff = await commissioners(q, facts.districtCode);
  const wantsEmail = (s: StaffRow) => (kind === 'urgent' ? s.email_urgent : s.email_deadlines);
  const wantsPush = (s: StaffRow) => (kind === 'urgent' ? s.push_urgent : s.push_deadlines);
  const mail = staffMail(kind, origin, facts);
  const out: Delivery[] = staff
    .filter(wantsEmail)
    .map((s) => ({ channel: 'email', recipient: s.email, district: facts.districtCode, message: mail }));
  for (const inbox of await dutyInboxes(q, facts.districtCode)) {
    out.push({ channel: 'email', recipient: inbox.email, district: facts.districtCode, message: mail });
  }
  const push = staffPush(kind, facts);
  for (const { endpoint } of await staffPushEndpoints(
    q,
    staff.filter(wantsPush).map((s) => s.id),
  )) {
    out.push({ channel: 'push', recipient: endpoint, district: facts.districtCode, message: push });
  }
  return out;
}

/** The phones that asked for news of this report: a push each, in the phone's language. */
async function reporterDeliveries(q: Queryable, facts: ReportFacts & { districtCode: string }): Promise<Delivery[]> {
  const phones = await q.query<{ endpoint: string; language: string }>(
    `select p.endpoint, p.language from push_subscription_reports s join push_subscriptions p on p.endpoint = s.endpoint
      where s.report_id = $1 order by p.endpoint`,
    [facts.id],
  );
  return phones.map((p) => ({
    channel: 'push',
    recipient: p.endpoint,
    district: facts.districtCode,
    message: reportUpdatePush(p.language, facts),
  }));
}

/** The daily digest: each commissioner who wants it, for the districts they cover, and each duty inbox. */
async function digestDeliveries(q: Queryable, origin: string, now: Date): Promise<Delivery[]> {
  const items = (
    await q.query<FactsRow>(
      `${FACTS} where r.status not in ('resolved', 'closed') and r.due_at is not null and r.due_at <= $1::timestamptz + interval '2 days'
        order by r.due_at limit 2000`,
      [now],
    )
  ).map(toFacts);
  const out: Delivery[] = [];
  for (const s of (await commissioners(q, null)).filter((c) => c.email_digest)) {
    const message = digestMail(
      origin,
      items.filter((i) => s.districts === null || s.districts.includes(i.districtCode)),
      now,
    );
    if (message) out.push({ channel: 'email', recipient: s.email, district: null, message });
  }
  for (const inbox of await dutyInboxes(q, null)) {
    const message = digestMail(
      origin,
      items.filter((i) => i.districtCode === inbox.district_code),
      now,
    );
    if (message) out.push({ channel: 'email', recipient: inbox.email, district: inbox.district_code, message });
  }
  return out;
}

async function deliveriesFor(q: Queryable, origin: string, event: EventRow, now: Date): Promise<Delivery[]> {
  if (event.kind === 'digest') return digestDeliveries(q, origin, now);
  const [row] = await q.query<FactsRow>(`${FACTS} where r.id = $1`, [event.report_id]);
  // deleted meanwhile (retention): nothing to say
  if (!row) return [];
  const facts = toFacts(row);
  switch (event.kind) {
    case 'report_created':
      return [
        ...(facts.urgent ? await staffDeliveries(q, origin, 'urgent', facts) : []),
        ...(await paDeliveries(q, origin, 'created', facts)),
      ];
    case 'report_updated':
      // the young person's own answer is news to their PA, not to their phone
      return event.reply
        ? paDeliveries(q, origin, 'replied', facts)
        : [...(await reporterDeliveries(q, facts)), ...(await paDeliveries(q, origin, 'updated', facts))];
    case 'due_soon':
    case 'overdue':
      return facts.status === 'resolved' || facts.status === 'closed'
        ? []
        : staffDeliveries(q, origin, event.kind, facts);
  }
}

/** The PA named on the report (`pa_email`), unless they are staff who turned these emails off. */
async function paDeliveries(q: Queryable, origin: string, kind: PaAlertKind, facts: DigestItem): Promise<Delivery[]> {
  const [pa] = await q.query<{ email: string }>(
    `select r.pa_email as email from reports r
      where r.id = $1 and r.pa_email is not null
        and not exists (select 1 from staff_users u join staff_alert_settings s on s.staff_id = u.id
                         where u.email = r.pa_email and not s.email_my_reports)`,
    [facts.id],
  );
  return pa
    ? [{ channel: 'email', recipient: pa.email, district: facts.districtCode, message: paMail(kind, origin, facts) }]
    : [];
}

/** Fans out up to `limit` waiting events; returns how many. `origin`: the app's address, for links. */
export async function fanOut(db: Db, origin: string, limit = 50): Promise<number> {
  return db.transaction(async (tx) => {
    const events = await tx.query<EventRow>(
      `select e.id, e.kind, e.report_id, coalesce(u.reply_kind is not null, false) as reply
         from alert_events e left join report_updates u on u.id = e.update_id
        where e.expanded_at is null order by e.id limit $1 for update of e skip locked`,
      [limit],
    );
    if (events.length === 0) return 0;
    const [{ now }] = (await tx.query<{ now: Date }>('select now() as now')) as [{ now: Date }];
    for (const event of events) {
      const deliveries = await deliveriesFor(tx, origin, event, new Date(now));
      if (deliveries.length === 0) continue;
      await tx.query(
        `insert into alert_deliveries (event_id, channel, recipient, district_code, message)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[])
         on conflict (event_id, channel, recipient) do nothing`,
        [
          event.id,
          deliveries.map((d) => d.channel),
          deliveries.map((d) => d.recipient),
          deliveries.map((d) => d.district),
          deliveries.map((d) => JSON.stringify(d.message)),
        ],
      );
    }
    await tx.query('update alert_events set expanded_at = now() where id = any($1::bigint[])', [
      events.map((e) => e.id),
    ]);
    return events.length;
  });
}
