import type { Db } from './client';
import { migrate } from './migrate';
import { districtList, OUTSIDE } from '../lib/content';
import { shippedPack } from '../lib/content-pack';

/**
 * Brings a database up to date: migrations, the pack's districts (so reports can reference them), and the
 * shipped pack as content version 1 when there is none yet.
 */
export async function prepareDatabase(db: Db): Promise<void> {
  await migrate(db);
  const rows = [...districtList, OUTSIDE];
  await db.query(
    `insert into districts (code, name)
     select * from unnest($1::text[], $2::text[])
     on conflict (code) do update set name = excluded.name`,
    [rows.map((d) => d.code), rows.map((d) => d.name)],
  );
  await loadShippedPack(db);
}

/**
 * Version 1 is the shipped pack, loaded once with its audit row in the same statement: a second server
 * starting at the same time finds it there (the primary key), and later releases keep the versions made
 * since.
 */
async function loadShippedPack(db: Db): Promise<void> {
  await db.query(
    `with loaded as (
       insert into content_versions (version, pack, note) values (1, $1::json, 'the pack shipped with the app')
       on conflict (version) do nothing returning version)
     insert into audit_log (action, details) select 'content.load', jsonb_build_object('version', version) from loaded`,
    [JSON.stringify(shippedPack)],
  );
}
