-- Reports that reach a person and can be followed: the young person's language, their PA, whether the
-- deadlines are law or the council's target, a `reopened` status, template notes and the young person's
-- own answers in the history.
alter table reports add column language text not null default 'en'
  check (language in ('en', 'ar', 'ti', 'ckb', 'vi', 'ps', 'fa-AF', 'sq'));
-- "Through my PA": the PA's name and work email (lower-cased, so a PA's sign-in email finds it)
alter table reports add column pa_name text;
alter table reports add column pa_email text check (pa_email = lower(pa_email));
alter table reports add column reporter_first_name text;
-- the PA who made the report with or for the young person during a visit (null: the young person)
alter table reports add column made_by_staff_id uuid references staff_users (id);
alter table reports add column deadlines_basis text check (deadlines_basis in ('law', 'target'));
create index reports_pa_email on reports (pa_email) where pa_email is not null;

-- Reports made before: their basis as the pack said on this migration's day (Awaab's Law binds social
-- landlords; phase 1, in force from 27 October 2025, covers damp and mould, and emergencies of any hazard
-- with a phase; later phases had no confirmed date).
update reports set deadlines_basis = case
  when accommodation_type = 'social_housing'
   and received_at >= timestamptz '2025-10-27 00:00 Europe/London'
   and (categories && array['damp', 'mould', 'water_leaks']::text[]
        or (urgent and categories && array['damp', 'mould', 'water_leaks', 'cold_heating', 'electrics', 'gas_co', 'fire_safety',
                                          'locks_doors_windows', 'pests', 'toilet_bathroom']::text[]))
  then 'law' else 'target' end;

alter table reports drop constraint reports_status_check;
alter table reports add constraint reports_status_check
  check (status in ('new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved', 'closed', 'reopened'));

-- A note from a template of the pack (its id and filled fields), and the young person's answers, which
-- come through the phone's outbox: the Idempotency-Key makes a retry the same answer, never a second one.
alter table report_updates add column template_id text;
alter table report_updates add column template_fields jsonb;
alter table report_updates add column reply_kind text check (reply_kind in ('reply', 'not_fixed', 'came_back'));
alter table report_updates add column reply_text text;
alter table report_updates add column idempotency_key text unique;
alter table report_updates add column request_hash text;
