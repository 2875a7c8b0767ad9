-- Limits shared by every app server on this database: per-client rate limits (report creation,
-- tracking-code look-ups, Open311 lists) as token buckets, updated by one upsert per request, so N servers
-- give one budget, not N.
create table rate_limits (
  key text primary key,
  -- tokens left at `at`; a bucket refills at its own rate up to its burst
  tokens double precision not null,
  at timestamptz not null,
  -- the bucket's size and refill rate (tokens per second), as the app last asked for them
  burst double precision not null,
  per_second double precision not null,
  -- whether the last request was allowed (read back by the same upsert)
  ok boolean not null,
  -- when the bucket is full again: rows past it say nothing and are swept
  full_at timestamptz not null
);
create index rate_limits_full_at on rate_limits (full_at);

-- Sign-in attempts are claimed before they are checked (modules/auth/throttle.ts): `allowed` is what the
-- claiming upsert decided, `free` the tries the key has before its first wait.
alter table login_attempts add column allowed boolean not null default true;
alter table login_attempts add column free integer not null default 5;

-- A partner's key reads either the reports of its districts (a council) or only the reports it submitted
-- (a housing provider or another partner); `districts` still limits where it may submit.
alter table api_keys add column scope text not null default 'districts' check (scope in ('districts', 'own'));

-- Open311's Idempotency-Keys live in their own namespace: `open311/<api key id>/<token>`. A reporter's key
-- cannot contain '/', so it can never take a partner's key.
update reports set idempotency_key = regexp_replace(idempotency_key, '^open311:([0-9a-f-]{36}):', 'open311/\1/')
 where source = 'open311' and idempotency_key like 'open311:%';

-- Readiness (GET /api/health) proves the database takes a write and reads it back.
create table health_probe (
  id smallint primary key check (id = 1),
  at timestamptz not null
);

-- Retention now also clears request_hash (a hash of the report as sent, from which wiped fields could be
-- guessed back): reports it has already cleared lose theirs now.
update reports set request_hash = ''
 where exists (select 1 from report_updates u where u.report_id = reports.id and u.actor = 'retention');
