-- Housing reports. Location and contact details are the sensitive parts: only staff with
-- the role see them, and retention clears them from closed reports.
create table reports (
  id uuid primary key default gen_random_uuid(),
  tracking_code text not null unique,
  -- the client's Idempotency-Key: the database, not process memory, stops a second report
  idempotency_key text not null unique,
  request_hash text not null,
  status text not null default 'new'
    check (status in ('new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved', 'closed')),
  urgent boolean not null default false,
  categories text[] not null,
  category_groups text[] not null,
  feels_safe text not null check (feels_safe in ('yes', 'no', 'not_sure')),
  lat double precision,
  lng double precision,
  district_code text not null references districts (code),
  description text not null,
  since date,
  affected_baby boolean not null default false,
  affected_health boolean not null default false,
  accommodation_type text not null,
  provider text,
  contact_method text not null check (contact_method in ('pa', 'phone', 'email', 'none')),
  contact_value text,
  source text not null default 'app' check (source in ('app', 'open311')),
  created_on_device_at timestamptz,
  received_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  closed_reason text,
  updated_at timestamptz not null default now(),
  -- { acknowledgeBy?, investigateBy?, summaryBy?, makeSafeBy? } computed from the pack's housing policy
  deadlines jsonb not null default '{}',
  -- the next deadline still to meet; null once resolved or closed
  due_at timestamptz,
  -- the 201 body, replayed for a retry with the same Idempotency-Key
  response jsonb not null
);
create index reports_received_at on reports (received_at);
create index reports_district_received on reports (district_code, received_at);
create index reports_open_due on reports (due_at) where status not in ('resolved', 'closed');

create table report_photos (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references reports (id) on delete cascade,
  position smallint not null,
  content_type text not null default 'image/jpeg',
  width integer not null,
  height integer not null,
  bytes bytea not null,
  unique (report_id, position)
);

-- Every change of state, and every note. Public notes are what the young person sees with the tracking code.
create table report_updates (
  id bigint generated always as identity primary key,
  report_id uuid not null references reports (id) on delete cascade,
  at timestamptz not null default now(),
  actor text not null,
  from_status text,
  to_status text,
  public_note text,
  internal_note text
);
create index report_updates_report on report_updates (report_id, at);
