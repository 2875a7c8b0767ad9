/**
 * Care leavers living in each district: entered by an admin (district_care_leavers, with source and date),
 * else the content pack's number. The dashboard's "per 100 care leavers" reads careLeaverCounts.
 */
import { CARE_LEAVER_DISTRICTS, type DistrictCareLeavers, type SetCareLeavers } from '#contract';
import districtsJson from '#content/kent/districts.json';
import type { Queryable } from '../../db/client';
import { iso } from '../../db/values';
import { districtName } from '../../lib/content';

const packCount = new Map(
  (districtsJson as { code: string; careLeavers: number | null }[]).map((d) => [d.code, d.careLeavers]),
);

interface Row {
  district_code: string;
  care_leavers: number;
  source: string;
  as_of: string;
  updated_at: Date | string;
  updated_by: string | null;
}

/** Each Kent and Medway district with what was entered and the pack's number. */
export async function listCareLeavers(db: Queryable): Promise<DistrictCareLeavers[]> {
  const rows = await db.query<Row>(
    `select c.district_code, c.care_leavers, c.source, to_char(c.as_of, 'YYYY-MM-DD') as as_of, c.updated_at,
            s.email as updated_by
       from district_care_leavers c left join staff_users s on s.id = c.updated_by`,
  );
  const entered = new Map(rows.map((r) => [r.district_code, r]));
  return CARE_LEAVER_DISTRICTS.map((code) => {
    const r = entered.get(code);
    return {
      code,
      name: districtName(code),
      entered: r
        ? {
            careLeavers: r.care_leavers,
            source: r.source,
            asOf: r.as_of,
            updatedAt: iso(r.updated_at),
            updatedBy: r.updated_by,
          }
        : null,
      pack: packCount.get(code) ?? null,
    };
  }).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** The number each district's "per 100 care leavers" divides by: entered, else the pack's; absent when neither. */
export async function careLeaverCounts(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.query<{ district_code: string; care_leavers: number }>(
    'select district_code, care_leavers from district_care_leavers',
  );
  const counts = new Map<string, number>();
  for (const [code, n] of packCount) if (n) counts.set(code, n);
  for (const r of rows) counts.set(r.district_code, r.care_leavers);
  return counts;
}

export async function setCareLeavers(db: Queryable, district: string, input: SetCareLeavers, staffId: string) {
  await db.query(
    `insert into district_care_leavers (district_code, care_leavers, source, as_of, updated_by)
     values ($1, $2, $3, $4::date, $5)
     on conflict (district_code) do update
       set care_leavers = $2, source = $3, as_of = $4::date, updated_by = $5, updated_at = now()`,
    [district, input.careLeavers, input.source, input.asOf, staffId],
  );
}

/** Removes what was entered (the pack's number, if any, applies again); true when there was something. */
export async function clearCareLeavers(db: Queryable, district: string): Promise<boolean> {
  const rows = await db.query('delete from district_care_leavers where district_code = $1 returning 1', [district]);
  return rows.length > 0;
}

/** What the dashboard says under its table: the entered numbers' sources and dates, for `districts` (null: all). */
export async function careLeaverSources(db: Queryable, districts: string[] | null) {
  const rows = await db.query<{ district_code: string; source: string; as_of: string }>(
    `select district_code, source, to_char(as_of, 'YYYY-MM-DD') as as_of from district_care_leavers
      where $1::text[] is null or district_code = any($1::text[])`,
    [districts],
  );
  return rows
    .map((r) => ({ code: r.district_code, name: districtName(r.district_code), source: r.source, asOf: r.as_of }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
