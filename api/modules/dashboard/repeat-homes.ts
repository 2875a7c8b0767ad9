/**
 * Repeat homes: reports about the same home, linked on the server and shown only to staff with the role
 * (never in published figures, the tracking view or Open311). Two reports are about the same home when
 * both give the same address text in the same district, or both have a pin, within 25 m of each other,
 * and name the same provider (names compared ignoring case and spaces). A report received within 12
 * months of an earlier one at the same home being resolved "came back".
 */
import type { ReportStatus } from '#contract';
import type { Queryable } from '../../db/client';
import { reportConditions, type ReportFilter } from './report-filter';
import { refOf } from './report-list';
import { iso, isoOrNull } from '../../db/values';

export const SAME_HOME_METRES = 25;
export const CAME_BACK_WITHIN = '12 months';

const norm = (column: string) => `lower(regexp_replace(btrim(${column}), '\\s+', ' ', 'g'))`;
// 25 m is about 0.000225° of latitude; of longitude, about 0.00036° at Kent's latitude (0.0004 leaves room)
const NEAR_LAT = 0.00025;
const NEAR_LNG = 0.0004;
const METRES_PER_DEGREE = 111_320;

/** `r` is an earlier report at the same home as `a` (both aliases of reports). */
const distance = `sqrt(((r.lat - a.lat) * ${METRES_PER_DEGREE}) ^ 2 + ((r.lng - a.lng) * ${METRES_PER_DEGREE} * cos(radians(a.lat))) ^ 2)`;
const BY_ADDRESS = `r.district_code = a.district_code and r.address_text is not null and a.address_text is not null
  and ${norm('r.address_text')} = ${norm('a.address_text')} and btrim(a.address_text) <> ''`;
const BY_PIN = `r.provider is not null and a.provider is not null and ${norm('r.provider')} = ${norm('a.provider')}
  and r.lat between a.lat - ${NEAR_LAT} and a.lat + ${NEAR_LAT} and r.lng between a.lng - ${NEAR_LNG} and a.lng + ${NEAR_LNG}
  and ${distance} <= ${SAME_HOME_METRES}`;
const EARLIER = `(r.received_at, r.id) < (a.received_at, a.id)`;
const CAME_BACK = `(r.resolved_at is not null and r.resolved_at <= a.received_at and a.received_at < r.resolved_at + interval '${CAME_BACK_WITHIN}')`;

export interface EarlierReport {
  id: string;
  ref: string;
  receivedAt: string;
  status: ReportStatus;
  resolvedAt: string | null;
  closedAt: string | null;
  /** this report came within 12 months of that one being resolved */
  cameBackAfter: boolean;
}

/** The earlier reports at the same home as report `id`, newest first. */
export async function earlierAtHome(db: Queryable, id: string): Promise<EarlierReport[]> {
  const rows = await db.query<{
    id: string;
    received_at: Date;
    status: ReportStatus;
    resolved_at: Date | null;
    closed_at: Date | null;
    came_back: boolean;
  }>(
    `select r.id, r.received_at, r.status, r.resolved_at, r.closed_at, ${CAME_BACK} as came_back
       from reports a join reports r on r.id <> a.id and ${EARLIER} and ((${BY_ADDRESS}) or (${BY_PIN}))
      where a.id = $1
      order by r.received_at desc, r.id desc`,
    [id],
  );
  return rows.map((r) => ({
    id: r.id,
    ref: refOf(r.id),
    receivedAt: iso(r.received_at),
    status: r.status,
    resolvedAt: isoOrNull(r.resolved_at),
    closedAt: isoOrNull(r.closed_at),
    cameBackAfter: r.came_back,
  }));
}

export interface RepeatCount {
  districtCode: string;
  /** the provider as typed on one of the reports, or null */
  provider: string | null;
  /** reports in the period about a home reported before */
  repeats: number;
  /** of those, within 12 months of an earlier report there being resolved */
  cameBack: number;
}

/**
 * Reports received in the filter's period about a home reported before (at any time), by district and
 * provider. Two equality joins (address; provider and then the pin's box), so each is a hash join rather
 * than a comparison of every pair.
 */
export async function repeatCounts(db: Queryable, f: ReportFilter): Promise<RepeatCount[]> {
  const params: unknown[] = [];
  const where = reportConditions(f, params);
  const rows = await db.query<{ district_code: string; provider: string | null; repeats: number; came_back: number }>(
    `with a as materialized (select r.id, r.received_at, r.district_code, r.provider, r.lat, r.lng, r.address_text from reports r where ${where.join(' and ')}),
     pairs as (
       select a.id, ${CAME_BACK} as came_back from a join reports r on ${BY_ADDRESS} where ${EARLIER}
       union all
       select a.id, ${CAME_BACK} from a join reports r on ${BY_PIN} where ${EARLIER}
     ),
     repeats as (select id, bool_or(came_back) as came_back from pairs group by id)
     select a.district_code, min(btrim(a.provider)) as provider, count(*)::int as repeats,
            (count(*) filter (where repeats.came_back))::int as came_back
       from repeats join a using (id)
      group by a.district_code, ${norm('a.provider')}`,
    params,
  );
  return rows.map((r) => ({
    districtCode: r.district_code,
    provider: r.provider,
    repeats: r.repeats,
    cameBack: r.came_back,
  }));
}
