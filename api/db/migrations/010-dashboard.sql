-- The commissioners' dashboard.
-- The CSV export reads reports a page at a time by (received_at, id): the key of each page is an index seek.
create index reports_received_id on reports (received_at, id);
-- Repeat homes: earlier reports near a pin are looked up by latitude first.
create index reports_lat on reports (lat) where lat is not null;
-- Who lives in the home, as the young person said (the form already asks about a baby and a health
-- condition): children, someone disabled, someone pregnant. False for reports from before.
alter table reports add column affected_children boolean not null default false;
alter table reports add column affected_disabled boolean not null default false;
alter table reports add column affected_pregnant boolean not null default false;
-- Care leavers living in each district, entered by an admin with where the number comes from and its date;
-- the dashboard's "per 100 care leavers" uses it.
create table district_care_leavers (
  district_code text primary key references districts (code),
  care_leavers integer not null check (care_leavers > 0),
  source text not null check (length(source) between 1 and 300),
  as_of date not null,
  updated_by uuid references staff_users (id) on delete set null,
  updated_at timestamptz not null default now()
);
