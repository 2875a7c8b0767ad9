-- Staff accounts, sessions, sign-in throttling, the audit log, and the aggregates
-- that keep the dashboard's cost independent of how many reports history holds.

-- ── Staff ──────────────────────────────────────────────────────────────────────────────────────
create table staff_users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and email like '%_@_%'),
  role text not null check (role in ('pa', 'commissioner', 'admin')),
  -- ONS codes this person may see; null = every district
  districts text[],
  -- scrypt$N$r$p$salt$hash (api/modules/auth/passwords.ts): parameters travel with the hash
  password_hash text not null,
  -- base32 TOTP secret once confirmed (required for admins); the pending one while enrolling
  totp_secret text,
  totp_pending_secret text,
  -- the last 30-second step accepted: a code is never accepted twice
  totp_last_step bigint,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

-- The cookie holds a random token; only its SHA-256 is stored, so a copy of this table opens no session.
create table sessions (
  id text primary key,
  user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- absolute end (12 hours after sign-in); the idle end is last_seen_at + 30 minutes
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- Failed sign-ins per key ('email:<address>' or 'ip:<address>'). Delays grow exponentially but are
-- capped and forgotten after a quiet day: no permanent lockout that an attacker could use against staff.
create table login_attempts (
  key text primary key,
  failures integer not null default 0,
  last_failure_at timestamptz not null default now(),
  blocked_until timestamptz
);

-- Who read which report's details or photos, who changed what, when. Admins read it; nothing deletes it.
-- report_id has no foreign key: the trail outlives the report (retention may delete a report).
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid references staff_users (id),
  action text not null,
  report_id uuid,
  details jsonb not null default '{}'
);
create index audit_log_at on audit_log (at);
create index audit_log_report on audit_log (report_id, at);
create index audit_log_actor on audit_log (actor_id, at);

-- ── Dashboard aggregates ─────────────────────────────────────────────────────────────────────────
-- Why: the dashboard summary must cost the same with 1,000,000 reports as with 10,000.
-- Counting reports on every request grows with history, so counts are kept per month, district and
-- "dimension", and the summary sums a few hundred rows whatever the history:
--   dim               '*' (each report once), 'g:<category group>' (once per group), 'c:<category>'
--   accommodation_type  the report's type, and '*' for any type
--   urgent            'yes' / 'no', and '*' for either
-- Every report adds to all four (type | '*') × (urgent | '*') combinations, so any filter of the dashboard
-- (period in months, district, category, accommodation type, urgent) reads exactly one slice.
-- `open` follows status changes; overdue depends on the clock, so it is counted live from the partial
-- index reports_open_due (open reports only: bounded by the work in hand, not by history).
-- Medians come from day histograms: ack_days[d + 1] = reports acknowledged d whole days after they
-- arrived (the last bucket, index 91, holds 90 days or more); resolve_days likewise for resolution.
-- Histograms are kept for '*' and 'c:' rows only (group rows need counts only).
--
-- Statement-level triggers on `reports` keep the table right in the same transaction as every insert,
-- status change or deletion, whoever writes (the reports API, Open311, the demo seeder, a bulk load):
-- one aggregated upsert per statement, so a bulk insert of 100,000 rows costs one pass, not 100,000.
-- `select report_stats_rebuild()` recomputes it from scratch (the tests check both agree).
create table report_stats_monthly (
  accommodation_type text not null,
  urgent text not null check (urgent in ('yes', 'no', '*')),
  dim text not null,
  month date not null,
  district_code text not null,
  received integer not null default 0,
  open integer not null default 0,
  -- resolved reports that had a deadline, and those resolved by their last deadline
  resolved integer not null default 0,
  resolved_in_time integer not null default 0,
  ack_days integer[] not null default '{}',
  resolve_days integer[] not null default '{}',
  -- the column order serves the only query shape: one slice (type, urgent, dim), a range of months
  primary key (accommodation_type, urgent, dim, month, district_code)
);

-- Element-wise sum of two histograms of any lengths.
create function hist_add(a integer[], b integer[]) returns integer[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) order by i), '{}')
  from generate_series(1, greatest(coalesce(array_length(a, 1), 0), coalesce(array_length(b, 1), 0))) as i
$$;

-- A histogram with n in bucket b (0-based).
create function hist_one(b integer, n integer) returns integer[]
language sql immutable parallel safe as $$
  select array_fill(0, array[b]) || n
$$;

create aggregate hist_sum(integer[]) (sfunc = hist_add, stype = integer[], initcond = '{}');

-- The columns of a report that the aggregates depend on.
create type report_stats_row as (
  received_at timestamptz,
  district_code text,
  accommodation_type text,
  urgent boolean,
  categories text[],
  category_groups text[],
  status text,
  deadlines jsonb,
  acknowledged_at timestamptz,
  resolved_at timestamptz
);

-- Folds report rows into report_stats_monthly: `added` count +1, `removed` count -1 (an update is both).
-- Static SQL in PL/pgSQL with a generic plan, so it is planned once per connection, not once per report.
create function report_stats_fold(added report_stats_row[], removed report_stats_row[]) returns void
language plpgsql
-- re-planning this statement for every report would cost more than running it
set plan_cache_mode = force_generic_plan
as $fn$
begin
    with changed as (
      select 1 as sign, a.* from unnest(added) a
      union all
      select -1 as sign, r.* from unnest(removed) r
    ),
    facts as (
      -- rows that look alike are folded first, so a bulk load expands thousands of rows, not millions
      select sum(c.sign)::int as sign,
        date_trunc('month', c.received_at at time zone 'Europe/London')::date as month,
        c.district_code,
        c.accommodation_type,
        case when c.urgent then 'yes' else 'no' end as urgent,
        c.categories,
        c.category_groups,
        case when c.status in ('resolved', 'closed') then 0 else 1 end as is_open,
        c.status = 'resolved' and d.last_deadline is not null as resolved_with_deadline,
        coalesce(c.status = 'resolved' and c.resolved_at <= d.last_deadline, false) as resolved_in_time,
        case when c.acknowledged_at is not null then
          least(90, greatest(0, floor(extract(epoch from c.acknowledged_at - c.received_at) / 86400)))::int end as ack_bucket,
        case when c.status = 'resolved' and c.resolved_at is not null then
          least(90, greatest(0, floor(extract(epoch from c.resolved_at - c.received_at) / 86400)))::int end as resolve_bucket
      from changed c
      -- the last deadline of the report's clock (api/rules/deadlines.ts): "resolved in time" means by then
      cross join lateral (select greatest(
        (c.deadlines ->> 'acknowledgeBy')::timestamptz, (c.deadlines ->> 'investigateBy')::timestamptz,
        (c.deadlines ->> 'summaryBy')::timestamptz, (c.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
      group by 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
      having sum(c.sign) <> 0
    ),
    contrib as (
      select f.sign, f.month, f.district_code, d.dim, a.acc, u.urg, f.is_open, f.resolved_with_deadline,
        f.resolved_in_time,
        case when left(d.dim, 2) <> 'g:' then f.ack_bucket end as ack_bucket,
        case when left(d.dim, 2) <> 'g:' then f.resolve_bucket end as resolve_bucket
      from facts f
      cross join lateral (
        select '*' union select 'g:' || g from unnest(f.category_groups) as g
        union select 'c:' || x from unnest(f.categories) as x
      ) as d(dim)
      cross join lateral (values (f.accommodation_type), ('*')) as a(acc)
      cross join lateral (values (f.urgent), ('*')) as u(urg)
    ),
    counts as (
      select month, district_code, dim, acc, urg,
        sum(sign)::int as received,
        sum(sign * is_open)::int as open,
        coalesce(sum(sign) filter (where resolved_with_deadline), 0)::int as resolved,
        coalesce(sum(sign) filter (where resolved_in_time), 0)::int as in_time
      from contrib
      group by month, district_code, dim, acc, urg
    ),
    ack as (
      select month, district_code, dim, acc, urg, hist_sum(hist_one(b, n)) as h
      from (
        select month, district_code, dim, acc, urg, ack_bucket as b, sum(sign)::int as n
        from contrib where ack_bucket is not null
        group by month, district_code, dim, acc, urg, ack_bucket
      ) x
      where n <> 0
      group by month, district_code, dim, acc, urg
    ),
    res as (
      select month, district_code, dim, acc, urg, hist_sum(hist_one(b, n)) as h
      from (
        select month, district_code, dim, acc, urg, resolve_bucket as b, sum(sign)::int as n
        from contrib where resolve_bucket is not null
        group by month, district_code, dim, acc, urg, resolve_bucket
      ) x
      where n <> 0
      group by month, district_code, dim, acc, urg
    ),
    merged as (
      select counts.*, coalesce(ack.h, '{}') as ack_days, coalesce(res.h, '{}') as resolve_days
      from counts
      left join ack using (month, district_code, dim, acc, urg)
      left join res using (month, district_code, dim, acc, urg)
    )
    insert into report_stats_monthly as s
      (accommodation_type, urgent, dim, month, district_code, received, open, resolved, resolved_in_time,
       ack_days, resolve_days)
    select acc, urg, dim, month, district_code, received, open, resolved, in_time, ack_days, resolve_days
    from merged
    where received <> 0 or open <> 0 or resolved <> 0 or in_time <> 0
      or ack_days <> '{}' or resolve_days <> '{}'
    on conflict (accommodation_type, urgent, dim, month, district_code) do update set
      received = s.received + excluded.received,
      open = s.open + excluded.open,
      resolved = s.resolved + excluded.resolved,
      resolved_in_time = s.resolved_in_time + excluded.resolved_in_time,
      ack_days = case when excluded.ack_days = '{}' then s.ack_days else hist_add(s.ack_days, excluded.ack_days) end,
      resolve_days = case when excluded.resolve_days = '{}' then s.resolve_days else hist_add(s.resolve_days, excluded.resolve_days) end;
end
$fn$;

-- The trigger: only the columns the aggregates need travel (not descriptions or photos). A bulk statement
-- is folded 200,000 rows at a time, so memory stays bounded whatever its size; an ordinary update (one row)
-- is folded old and new together, so a change that does not touch the figures writes nothing.
create function report_stats_apply() returns trigger
language plpgsql as $$
declare
  chunk report_stats_row[];
begin
  if tg_op = 'UPDATE' then
    -- (transition tables exist only for their own operation: hence the nested test)
    if (select count(*) from new_rows) <= 200000 then
      perform report_stats_fold(
        array(select row(n.received_at, n.district_code, n.accommodation_type, n.urgent, n.categories, n.category_groups,
                   n.status, n.deadlines, n.acknowledged_at, n.resolved_at)::report_stats_row from new_rows n),
        array(select row(o.received_at, o.district_code, o.accommodation_type, o.urgent, o.categories, o.category_groups,
                   o.status, o.deadlines, o.acknowledged_at, o.resolved_at)::report_stats_row from old_rows o));
      return null;
    end if;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    for chunk in
      select array_agg(row(n.received_at, n.district_code, n.accommodation_type, n.urgent, n.categories, n.category_groups,
                 n.status, n.deadlines, n.acknowledged_at, n.resolved_at)::report_stats_row)
        from (select *, (row_number() over () - 1) / 200000 as k from new_rows) n group by n.k
    loop
      perform report_stats_fold(chunk, '{}');
    end loop;
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    for chunk in
      select array_agg(row(o.received_at, o.district_code, o.accommodation_type, o.urgent, o.categories, o.category_groups,
                 o.status, o.deadlines, o.acknowledged_at, o.resolved_at)::report_stats_row)
        from (select *, (row_number() over () - 1) / 200000 as k from old_rows) o group by o.k
    loop
      perform report_stats_fold('{}', chunk);
    end loop;
  end if;
  return null;
end
$$;

create trigger reports_stats_insert after insert on reports
  referencing new table as new_rows for each statement execute function report_stats_apply();
create trigger reports_stats_update after update on reports
  referencing old table as old_rows new table as new_rows for each statement execute function report_stats_apply();
create trigger reports_stats_delete after delete on reports
  referencing old table as old_rows for each statement execute function report_stats_apply();

-- Recompute every aggregate from the reports themselves (repair, and the tests' cross-check).
create function report_stats_rebuild() returns void
language plpgsql as $$
begin
  delete from report_stats_monthly;
  perform report_stats_fold(array(
    select row(r.received_at, r.district_code, r.accommodation_type, r.urgent, r.categories, r.category_groups,
               r.status, r.deadlines, r.acknowledged_at, r.resolved_at)::report_stats_row from reports r), '{}');
end
$$;
