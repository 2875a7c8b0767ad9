-- A note from a template is a public note too, so it alerts like one; so does the young person's own answer
-- (a reply, "not fixed", "came back"), which the fan-out sends to their PA but never back to their phone.
create or replace function alert_note_updates() returns trigger
language plpgsql as $$
begin
  insert into alert_events (kind, report_id, update_id, district_code)
  select 'report_updated', n.report_id, n.id, r.district_code
    from new_rows n join reports r on r.id = n.report_id
   where (n.to_status is not null and n.from_status is not null)
      or n.public_note is not null or n.template_id is not null or n.reply_kind is not null;
  return null;
end
$$;
