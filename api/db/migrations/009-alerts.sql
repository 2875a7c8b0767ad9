-- Alerts: email and Web Push to staff, PAs and young people (docs/alerts.md).
--
-- A transactional outbox in two steps:
--   alert_events      one row per thing that happened, written by triggers in the SAME transaction as the
--                     report or the update that causes it (whoever writes: the app, Open311, the seeder),
--                     or by the periodic scan (due soon, overdue, the daily digest: once each, dedupe_key).
--   alert_deliveries  one row per event, channel and recipient, made from an event in one transaction
--                     with the event's `expanded_at` (so an event is fanned out once, whatever the number
--                     of servers). The sender claims rows with FOR UPDATE SKIP LOCKED and a lease.

create table alert_events (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('report_created', 'report_updated', 'due_soon', 'overdue', 'digest')),
  -- no foreign key: the outbox outlives a report deleted by retention (its deliveries are then dropped)
  report_id uuid,
  -- the history row of a status change or public note
  update_id bigint,
  district_code text,
  -- once-only events of the scan: 'due_soon:<report>:<due_at>', 'overdue:<report>:<due_at>', 'digest:<date>'
  dedupe_key text unique,
  created_at timestamptz not null default now(),
  expanded_at timestamptz
);
create index alert_events_waiting on alert_events (id) where expanded_at is null;

create table alert_deliveries (
  -- the idempotency key: the email's Message-ID and the push's Topic are derived from it
  id uuid primary key default gen_random_uuid(),
  event_id bigint not null references alert_events (id) on delete cascade,
  channel text not null check (channel in ('email', 'push')),
  -- an email address, or a push subscription's endpoint
  recipient text not null,
  district_code text,
  -- what to send, already written in the recipient's language: { subject, text } or { title, body, url, tag }
  message jsonb not null,
  state text not null default 'pending'
    check (state in ('pending', 'sending', 'sent', 'failed', 'unconfirmed', 'gone')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- while 'sending': the claim's end. A row still 'sending' after it was claimed by a process that died
  -- somewhere between claim and mark: it may or may not have gone out, so it is never sent again
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (event_id, channel, recipient)
);
create index alert_deliveries_due on alert_deliveries (next_attempt_at) where state = 'pending';
create index alert_deliveries_leased on alert_deliveries (lease_until) where state = 'sending';
create index alert_deliveries_problems on alert_deliveries (created_at) where state in ('failed', 'unconfirmed');

-- What each member of staff wants (no row: the defaults below). Set on their account page.
create table staff_alert_settings (
  staff_id uuid primary key references staff_users (id) on delete cascade,
  email_urgent boolean not null default true,
  email_deadlines boolean not null default true,
  email_digest boolean not null default true,
  -- a PA: reports that name them
  email_my_reports boolean not null default true,
  push_urgent boolean not null default true,
  push_deadlines boolean not null default true
);

-- A district's shared duty inbox, set by admins: it gets what a commissioner gets, with the defaults.
create table district_duty_inboxes (
  district_code text primary key references districts (code),
  email text not null check (email = lower(email) and email like '%_@_%'),
  updated_at timestamptz not null default now()
);

-- Web Push subscriptions: a member of staff's (staff_id), or a phone's for some reports (tied to the
-- reports through push_subscription_reports, never to a person). `language`: the phone's, for the words.
create table push_subscriptions (
  endpoint text primary key,
  p256dh text not null,
  auth text not null,
  staff_id uuid references staff_users (id) on delete cascade,
  language text not null default 'en',
  created_at timestamptz not null default now()
);
create index push_subscriptions_staff on push_subscriptions (staff_id) where staff_id is not null;

create table push_subscription_reports (
  endpoint text not null references push_subscriptions (endpoint) on delete cascade,
  report_id uuid not null references reports (id) on delete cascade,
  primary key (endpoint, report_id)
);
create index push_subscription_reports_report on push_subscription_reports (report_id);

-- The triggers: one insert per statement (a batch of reports costs one statement more, not one per report).
create function alert_note_reports() returns trigger
language plpgsql as $$
begin
  insert into alert_events (kind, report_id, district_code)
  select 'report_created', n.id, n.district_code from new_rows n;
  return null;
end
$$;
create trigger reports_alert_insert after insert on reports
  referencing new table as new_rows for each statement execute function alert_note_reports();

-- A status change or a public note (not the first 'new' row of a report, not an internal note alone)
create function alert_note_updates() returns trigger
language plpgsql as $$
begin
  insert into alert_events (kind, report_id, update_id, district_code)
  select 'report_updated', n.report_id, n.id, r.district_code
    from new_rows n join reports r on r.id = n.report_id
   where (n.to_status is not null and n.from_status is not null) or n.public_note is not null;
  return null;
end
$$;
create trigger report_updates_alert_insert after insert on report_updates
  referencing new table as new_rows for each statement execute function alert_note_updates();
