-- Report aggregates without a hot row (POST /api/reports under load).
--
-- Why: 003's triggers folded every insert straight into report_stats_monthly, one row per
-- (type | '*') × (urgent | '*') × dimension × month × district. Every report of a district and month
-- updated the same dozen rows: on PostgreSQL concurrent inserts queued on those rows' locks until each
-- one committed; on PGlite the fold (a dozen-CTE statement with histogram functions) cost more than the
-- insert itself.
--
-- Now a change to `reports` only appends to report_stats_delta: one row per group of alike reports in the
-- statement (a single report → one row; a bulk load of a million → a few thousand), signed (+n added,
-- −n removed; a status change is both). No row is shared between writers, so nothing waits.
-- The readers (api/modules/dashboard/dashboard.queries.ts) sum report_stats_monthly AND the deltas in
-- one statement, so the figures are exact at every moment. report_stats_flush() moves the deltas into
-- report_stats_monthly in one transaction (delete + upsert commit together: a reader sees the deltas or
-- their fold, never both or neither). It runs on every 200th writing statement (by that statement), and
-- whenever someone calls it (the bench seeder after a bulk load); one at a time (an advisory lock: a
-- second flusher leaves the deltas to the first). So the deltas stay a few hundred rows and the readers'
-- cost does not grow with history. Why 200: a flush costs a few milliseconds plus ~10 µs a delta on
-- PGlite, where it holds up every other request; small and often keeps that out of the slowest 1 %.
-- The text columns compare bytewise (collate "C"): the readers and the flush group deltas by them, and on
-- PGlite sorting even a hundred rows by arrays of text under the default collation took milliseconds.
create table report_stats_delta (
  month date not null,
  district_code text collate "C" not null,
  accommodation_type text collate "C" not null,
  urgent text collate "C" not null check (urgent in ('yes', 'no')),
  categories text[] collate "C" not null,
  category_groups text[] collate "C" not null,
  -- 1 while the reports are open (not resolved or closed)
  is_open integer not null check (is_open in (0, 1)),
  -- resolved with a deadline, and resolved by their last deadline (see 003)
  resolved_with_deadline boolean not null,
  resolved_in_time boolean not null,
  -- day buckets 0…90 (the histograms' index − 1), null when not acknowledged / not resolved
  ack_bucket integer,
  resolve_bucket integer,
  -- how many reports: + added, − removed
  n integer not null
);

-- Draws one number per writing statement: every 200th flushes (see report_stats_note).
create sequence report_stats_flush_seq;

-- The facts of a report that the aggregates depend on (the same expressions as 003's report_stats_fold).
-- Written out per operation below: a transition table exists only in its own trigger's statement.

create function report_stats_note() returns trigger
language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    insert into report_stats_delta (month, district_code, accommodation_type, urgent, categories, category_groups,
      is_open, resolved_with_deadline, resolved_in_time, ack_bucket, resolve_bucket, n)
    select date_trunc('month', c.received_at at time zone 'Europe/London')::date,
      c.district_code, c.accommodation_type, case when c.urgent then 'yes' else 'no' end, c.categories, c.category_groups,
      case when c.status in ('resolved', 'closed') then 0 else 1 end,
      c.status = 'resolved' and d.last_deadline is not null,
      coalesce(c.status = 'resolved' and c.resolved_at <= d.last_deadline, false),
      case when c.acknowledged_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.acknowledged_at - c.received_at) / 86400)))::int end,
      case when c.status = 'resolved' and c.resolved_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.resolved_at - c.received_at) / 86400)))::int end,
      count(*)::int
    from new_rows c
    cross join lateral (select greatest(
      (c.deadlines ->> 'acknowledgeBy')::timestamptz, (c.deadlines ->> 'investigateBy')::timestamptz,
      (c.deadlines ->> 'summaryBy')::timestamptz, (c.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  elsif tg_op = 'DELETE' then
    insert into report_stats_delta (month, district_code, accommodation_type, urgent, categories, category_groups,
      is_open, resolved_with_deadline, resolved_in_time, ack_bucket, resolve_bucket, n)
    select date_trunc('month', c.received_at at time zone 'Europe/London')::date,
      c.district_code, c.accommodation_type, case when c.urgent then 'yes' else 'no' end, c.categories, c.category_groups,
      case when c.status in ('resolved', 'closed') then 0 else 1 end,
      c.status = 'resolved' and d.last_deadline is not null,
      coalesce(c.status = 'resolved' and c.resolved_at <= d.last_deadline, false),
      case when c.acknowledged_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.acknowledged_at - c.received_at) / 86400)))::int end,
      case when c.status = 'resolved' and c.resolved_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.resolved_at - c.received_at) / 86400)))::int end,
      -count(*)::int
    from old_rows c
    cross join lateral (select greatest(
      (c.deadlines ->> 'acknowledgeBy')::timestamptz, (c.deadlines ->> 'investigateBy')::timestamptz,
      (c.deadlines ->> 'summaryBy')::timestamptz, (c.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  else
    -- old and new together: an update that changes no figure (a note, retention clearing contact details)
    -- sums to zero and writes nothing
    insert into report_stats_delta (month, district_code, accommodation_type, urgent, categories, category_groups,
      is_open, resolved_with_deadline, resolved_in_time, ack_bucket, resolve_bucket, n)
    select date_trunc('month', c.received_at at time zone 'Europe/London')::date,
      c.district_code, c.accommodation_type, case when c.urgent then 'yes' else 'no' end, c.categories, c.category_groups,
      case when c.status in ('resolved', 'closed') then 0 else 1 end,
      c.status = 'resolved' and d.last_deadline is not null,
      coalesce(c.status = 'resolved' and c.resolved_at <= d.last_deadline, false),
      case when c.acknowledged_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.acknowledged_at - c.received_at) / 86400)))::int end,
      case when c.status = 'resolved' and c.resolved_at is not null then
        least(90, greatest(0, floor(extract(epoch from c.resolved_at - c.received_at) / 86400)))::int end,
      sum(c.sign)::int
    from (select 1 as sign, n.received_at, n.district_code, n.accommodation_type, n.urgent, n.categories, n.category_groups,
                 n.status, n.deadlines, n.acknowledged_at, n.resolved_at from new_rows n
          union all
          select -1, o.received_at, o.district_code, o.accommodation_type, o.urgent, o.categories, o.category_groups,
                 o.status, o.deadlines, o.acknowledged_at, o.resolved_at from old_rows o) c
    cross join lateral (select greatest(
      (c.deadlines ->> 'acknowledgeBy')::timestamptz, (c.deadlines ->> 'investigateBy')::timestamptz,
      (c.deadlines ->> 'summaryBy')::timestamptz, (c.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    having sum(c.sign) <> 0;
  end if;
  if nextval('report_stats_flush_seq') % 200 = 0 then
    perform report_stats_flush();
  end if;
  return null;
end
$fn$;

-- Moves every delta this transaction can see into report_stats_monthly (the same arithmetic as 003's
-- report_stats_fold, starting from facts already grouped). Returns how many aggregate rows it changed, or
-- 0 when another transaction is flushing (the deltas are left to that one, or to the next flush).
create function report_stats_flush() returns integer
language plpgsql
set plan_cache_mode = force_generic_plan
as $fn$
declare
  folded integer;
begin
  -- (keyed by schema too: several schemas of one database, as in the tests, do not hold each other up)
  if not pg_try_advisory_xact_lock(724312, hashtext(current_schema())) then
    return 0;
  end if;
  with gone as (
      delete from report_stats_delta returning *
    ),
    facts as (
      select sum(n)::int as sign, month, district_code, accommodation_type, urgent, categories, category_groups, is_open,
        resolved_with_deadline, resolved_in_time, ack_bucket, resolve_bucket
      from gone
      group by 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
      having sum(n) <> 0
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
  get diagnostics folded = row_count;
  -- Without autovacuum (PGlite runs PostgreSQL in single-user mode) the space of deleted deltas would never
  -- be reused, and the table every reader scans would grow with history. There, give it back at once: when
  -- nobody else holds the table (nowait) and nothing was added meanwhile. On a server autovacuum does it.
  if not exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') then
    begin
      lock table report_stats_delta in access exclusive mode nowait;
      if not exists (select 1 from report_stats_delta) then
        truncate report_stats_delta;
      end if;
    exception when lock_not_available then
      null;
    end;
  end if;
  return folded;
end
$fn$;

drop trigger reports_stats_insert on reports;
drop trigger reports_stats_update on reports;
drop trigger reports_stats_delete on reports;

create trigger reports_stats_insert after insert on reports
  referencing new table as new_rows for each statement execute function report_stats_note();
create trigger reports_stats_update after update on reports
  referencing old table as old_rows new table as new_rows for each statement execute function report_stats_note();
create trigger reports_stats_delete after delete on reports
  referencing old table as old_rows for each statement execute function report_stats_note();

-- Recompute every aggregate from the reports themselves (repair, and the tests' cross-check). Writers of
-- reports wait until it commits (each statement below has its own snapshot: a report committed between
-- them would otherwise be counted twice or not at all), and so does a flush.
create or replace function report_stats_rebuild() returns void
language plpgsql as $$
begin
  lock table reports in share mode;
  perform pg_advisory_xact_lock(724312, hashtext(current_schema()));
  delete from report_stats_delta;
  delete from report_stats_monthly;
  perform report_stats_fold(array(
    select row(r.received_at, r.district_code, r.accommodation_type, r.urgent, r.categories, r.category_groups,
               r.status, r.deadlines, r.acknowledged_at, r.resolved_at)::report_stats_row from reports r), '{}');
end
$$;

-- Whatever 003's triggers folded stays in report_stats_monthly; from here on changes arrive as deltas.
