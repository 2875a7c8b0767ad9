-- Content studio: staff who edit and translate the content pack, and the pack's versions.
-- Expand only: the wider role check accepts every row the previous version writes, and it ignores the
-- new column and tables.

alter table staff_users drop constraint staff_users_role_check;
alter table staff_users add constraint staff_users_role_check
  check (role in ('pa', 'commissioner', 'admin', 'editor', 'translator'));
-- the languages a translator holds (locale codes); null for every other role
alter table staff_users add column languages text[];

-- Every published pack, whole and numbered. Version 1 is the pack shipped in content/<pack>/, loaded on
-- first start. A rollback publishes a copy of an earlier version under a new number, so phones see a
-- new version either way.
create table content_versions (
  version integer primary key check (version >= 1),
  pack jsonb not null,
  published_at timestamptz not null default now(),
  -- null: loaded from the shipped files or by a command-line tool
  published_by uuid references staff_users (id),
  restored_from integer references content_versions (version),
  note text
);

-- Published versions never change: phones and the audit trail rely on a number meaning one pack.
create function content_versions_immutable() returns trigger
language plpgsql as $$
begin
  raise exception 'content version % is published and cannot change', old.version;
end
$$;
create trigger content_versions_immutable before update or delete on content_versions
  for each row execute function content_versions_immutable();

-- The draft: items changed since the current version, keyed like 'entitlements.setting_up_home' or
-- 'text.ar.entitlements.setting_up_home' (api/modules/content/content-items.ts). The draft pack is the
-- current version with these items laid over it; publishing empties this table.
create table content_drafts (
  key text primary key,
  -- null: the item is removed in the draft
  value jsonb,
  updated_at timestamptz not null default now(),
  updated_by uuid references staff_users (id)
);
