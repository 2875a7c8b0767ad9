/**
 * Reading reports as Open311 service requests, for a caller with a key. The reports themselves are made and
 * changed by the housing reports and dashboard modules; this file only selects the reports the key may read
 * and writes them as records (docs/open311.md, "What a key reads").
 */
import type { Category, ReportDeadlines, ReportStatus } from '#contract';
import { districtCentroid } from '#rules/geo';
import type { Queryable } from '../../db/client';
import { jsonValue } from '../../db/values';
import { districtBoundaries } from '../../lib/content';
import type { Open311Object } from './open311.format';
import type { ApiKey } from './open311.keys';
import { agencyResponsible, serviceName } from './open311.services';

/** The spec's two states. */
export const OPEN_STATUSES: readonly ReportStatus[] = [
  'new',
  'acknowledged',
  'investigating',
  'works_scheduled',
  'reopened',
];
export const CLOSED_STATUSES: readonly ReportStatus[] = ['resolved', 'closed'];
export const open311Status = (status: ReportStatus): 'open' | 'closed' =>
  CLOSED_STATUSES.includes(status) ? 'closed' : 'open';

/** `status_notes` of a report without a public note: our finer state in plain words. */
export const STATE_NOTES: Record<ReportStatus, string> = {
  new: 'Received. Waiting to be acknowledged.',
  acknowledged: 'Acknowledged.',
  investigating: 'Being investigated.',
  works_scheduled: 'Works are scheduled.',
  resolved: 'Resolved.',
  closed: 'Closed.',
  reopened: 'Reopened: the problem came back or was not fixed.',
};

export const MAX_REQUESTS = 1000;

export interface RequestRow {
  id: string;
  status: ReportStatus;
  urgent: boolean;
  categories: Category[];
  district_code: string;
  lat: number | null;
  lng: number | null;
  description: string;
  received_at: Date | string;
  updated_at: Date | string;
  deadlines: ReportDeadlines | string;
  address_string: string | null;
  media_url: string | null;
  public_note: string | null;
}

export interface RequestFilter {
  ids?: string[];
  serviceCode?: Category;
  from?: Date;
  to?: Date;
  status?: 'open' | 'closed';
}

const SELECT = `
  select r.id, r.status, r.urgent, r.categories, r.district_code, r.lat, r.lng, r.description, r.received_at, r.updated_at,
         r.deadlines, o.address_string, o.media_url,
         (select u.public_note from report_updates u
           where u.report_id = r.id and u.public_note is not null
           order by u.at desc, u.id desc limit 1) as public_note
    from reports r left join open311_requests o on o.report_id = r.id`;

/**
 * The reports `key` may read, newest first, at most MAX_REQUESTS. With `ids`, the other filters are ignored
 * (the spec's rule); an id the key may not read is left out as if it did not exist.
 */
export async function findRequests(db: Queryable, key: ApiKey, filter: RequestFilter): Promise<RequestRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (key.scope === 'own') add('o.api_key_id = ?', key.id);
  else if (key.districts !== null) add('r.district_code = any(?::text[])', key.districts);
  if (filter.ids) {
    add('r.id = any(?::uuid[])', filter.ids);
  } else {
    if (filter.serviceCode) add('? = any(r.categories)', filter.serviceCode);
    if (filter.from) add('r.received_at >= ?::timestamptz', filter.from.toISOString());
    if (filter.to) add('r.received_at <= ?::timestamptz', filter.to.toISOString());
    if (filter.status) add(`${filter.status === 'closed' ? '' : 'not '}(r.status = any(?::text[]))`, CLOSED_STATUSES);
  }
  params.push(MAX_REQUESTS);
  return db.query<RequestRow>(
    `${SELECT} where ${where.length ? where.join(' and ') : 'true'}
      order by r.received_at desc, r.id limit $${params.length}`,
    params,
  );
}

/** The requests this key made with an Idempotency-Key (its `token`). */
export async function findRequestByToken(
  db: Queryable,
  token: string,
  key: ApiKey,
): Promise<{ reportId: string; token: string }[]> {
  const rows = await db.query<{ report_id: string; token: string }>(
    'select report_id, token from open311_requests where token = $1 and api_key_id = $2 order by created_at',
    [token, key.id],
  );
  return rows.map((r) => ({ reportId: r.report_id, token: r.token }));
}

/**
 * Every keyed read is in the audit log: one row per report returned (so a report's trail shows which
 * partner read it), or one row without a report when nothing was returned, each naming the key.
 */
export async function auditKeyedRead(db: Queryable, key: ApiKey, what: string, reportIds: string[]): Promise<void> {
  const details = JSON.stringify({ apiKeyId: key.id, apiKey: key.name, read: what });
  await db.query(
    `insert into audit_log (actor_id, action, report_id, details)
     select null, 'open311.read', id, $2::jsonb from unnest(coalesce(nullif($1::uuid[], '{}'), array[null]::uuid[])) as id`,
    [reportIds, details],
  );
}

// ── Row → Open311 record ──────────────────────────────────────────────────────────────────────

/** W3C date-time in UTC without fractions: `2026-11-23T15:36:02Z`. */
export const w3c = (value: Date | string): string =>
  (value instanceof Date ? value : new Date(value)).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Midnight UTC of the day. */
const toDay = (value: Date | string): string => `${w3c(value).slice(0, 10)}T00:00:00Z`;

const centroids = new Map(districtBoundaries.features.map((f) => [f.properties.code, districtCentroid(f)]));

/** Five decimals (about 1 m) is more than enough for a label point. */
const round = (n: number) => Math.round(n * 1e5) / 1e5;

/** The district's label point: where a report without an exact point is placed (none for `outside`). */
export function publicLocation(districtCode: string): { lat: number; long: number } | null {
  const point = centroids.get(districtCode);
  return point ? { lat: round(point.lat), long: round(point.lng) } : null;
}

/** The last of the report's deadlines: when the problem should be dealt with (`expected_datetime`). */
export function expectedDatetime(deadlines: ReportDeadlines | string): string | null {
  const parsed = jsonValue(deadlines);
  const times = Object.values(parsed)
    .filter((v): v is string => typeof v === 'string')
    .sort();
  return times.length ? w3c(times[times.length - 1]!) : null;
}

/**
 * One `<request>` for a key that may read the report. An urgent report's times are given to the day only:
 * its 24-hour clock would otherwise give the exact second it arrived and that the young person does not feel
 * safe at home. Contact details are never part of a record.
 */
export function toRecord(row: RequestRow): Open311Object {
  const service = row.categories[0]!;
  const exact = row.lat !== null && row.lng !== null ? { lat: row.lat, long: row.lng } : null;
  const location = exact ?? publicLocation(row.district_code);
  const time = row.urgent ? toDay : w3c;
  const expected = expectedDatetime(row.deadlines);
  return {
    service_request_id: row.id,
    status: open311Status(row.status),
    status_notes: row.public_note ?? STATE_NOTES[row.status],
    service_name: serviceName(service),
    service_code: service,
    description: row.description,
    agency_responsible: agencyResponsible(row.district_code),
    service_notice: null,
    requested_datetime: time(row.received_at),
    updated_datetime: time(row.updated_at),
    expected_datetime: expected === null ? null : time(expected),
    address: row.address_string,
    address_id: null,
    zipcode: null,
    lat: location?.lat ?? null,
    long: location?.long ?? null,
    media_url: row.media_url,
  };
}

// ── Retention ──────────────────────────────────────────────────────────────────────────────────

/** SQL condition (on a `reports r`) for "Open311 holds personal details of this report". */
export const OPEN311_PERSONAL_DATA = `exists (select 1 from open311_requests o
  where o.report_id = r.id and (o.address_string is not null or o.media_url is not null))`;

/**
 * Retention (api/modules/retention/retention.ts): the address and media link a partner sent are as personal as the
 * point and the photos, so they go with them; the internal note that carried the link keeps only the fact.
 */
export async function clearOpen311PersonalData(tx: Queryable, reportIds: string[]): Promise<void> {
  await tx.query(
    'update open311_requests set address_string = null, media_url = null where report_id = any($1::uuid[])',
    [reportIds],
  );
  await tx.query(
    `update report_updates set internal_note = 'Media link sent through Open311 (removed by retention).'
      where report_id = any($1::uuid[]) and actor like 'open311:%' and internal_note like 'Media link sent through Open311 (not opened%'`,
    [reportIds],
  );
}
