import type { Db } from './client';
import { migrate } from './migrate';
import { districtList, OUTSIDE } from '../lib/content';

/** Brings a database up to date: migrations, then the pack's districts (so reports can reference them). */
export async function prepareDatabase(db: Db): Promise<void> {
  await migrate(db);
  const rows = [...districtList, OUTSIDE];
  await db.query(
    `insert into districts (code, name)
     select * from unnest($1::text[], $2::text[])
     on conflict (code) do update set name = excluded.name`,
    [rows.map((d) => d.code), rows.map((d) => d.name)],
  );
}
