-- Content studio, second part: "Something wrong here?" notes from the app, who reviewed each translation
-- and when, the content-health settings and the last check of each source link.
-- Expand only: new tables, nothing the previous version reads changes.

-- A note about one entitlement's page in one language, sent by a young person or a PA from the app without
-- signing in. Only what the sender typed is kept: no address, no device, no account.
create table content_notes (
  id uuid primary key default gen_random_uuid(),
  entitlement_id text not null,
  locale text not null,
  sender text not null check (sender in ('young_person', 'pa')),
  note text not null check (char_length(note) between 1 and 1000),
  -- the content version the phone showed (null: the build's own)
  content_version integer,
  -- the phone's outbox sends the same note again until it hears back: one key, one note
  idempotency_key text not null unique,
  received_at timestamptz not null default now(),
  done_at timestamptz,
  done_by uuid references staff_users (id)
);
create index content_notes_open on content_notes (received_at) where done_at is null;

-- The latest review of each translation (key as in content_drafts: 'text.ar.entitlements.pip'). The pack
-- keeps only the status; who and when stay on the server, for the studio.
create table content_reviews (
  key text primary key,
  reviewed_by uuid references staff_users (id),
  reviewed_at timestamptz not null default now()
);

-- One row: after how many months a fact's last check counts as out of date.
create table content_settings (
  id boolean primary key default true check (id),
  stale_after_months integer not null default 6 check (stale_after_months between 1 and 60),
  updated_at timestamptz not null default now(),
  updated_by uuid references staff_users (id)
);
insert into content_settings (id) values (true);

-- The last time the server fetched each source link (on an editor's request), and what it got.
create table content_link_checks (
  url text primary key,
  checked_at timestamptz not null default now(),
  ok boolean not null,
  -- the HTTP status, null when there was no answer (timeout, DNS, refused)
  status integer,
  problem text
);
