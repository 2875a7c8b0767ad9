-- The dimensions a report counts under, defined once: every report '*', each of its category groups
-- 'g:<group>' and each of its categories 'c:<category>' (see 003's report_stats_monthly). The flush below
-- folds deltas by it, and the dashboard's readers expand pending deltas by it
-- (api/modules/dashboard/stats-slice.ts), so the two can never count a report under different dimensions.
-- A plain SQL function, neither strict nor volatile: the planner inlines it into the calling query, so it
-- costs no function call per row.
create function report_stats_dims(category_groups text[], categories text[]) returns setof text
language sql immutable parallel safe as $$
  select '*' union select 'g:' || g from unnest(category_groups) as g union select 'c:' || c from unnest(categories) as c
$$;

-- 006's flush, expanding by report_stats_dims.
create or replace function report_stats_flush() returns integer
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
      cross join lateral report_stats_dims(f.category_groups, f.categories) as d(dim)
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

-- Recompute every aggregate from the reports themselves (repair, and the tests' cross-check), through the
-- same path as every change: each report becomes a delta, and the flush folds them. Writers of reports
-- wait until it commits, and so does another flush (see 006).
create or replace function report_stats_rebuild() returns void
language plpgsql as $$
begin
  lock table reports in share mode;
  perform pg_advisory_xact_lock(724312, hashtext(current_schema()));
  delete from report_stats_delta;
  delete from report_stats_monthly;
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
  from reports c
  cross join lateral (select greatest(
    (c.deadlines ->> 'acknowledgeBy')::timestamptz, (c.deadlines ->> 'investigateBy')::timestamptz,
    (c.deadlines ->> 'summaryBy')::timestamptz, (c.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  perform report_stats_flush();
end
$$;

-- 003's fold by arrays of rows and its triggers' function: nothing calls them any more.
drop function report_stats_apply();
drop function report_stats_fold(report_stats_row[], report_stats_row[]);
drop type report_stats_row;
