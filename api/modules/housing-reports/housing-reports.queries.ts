/**
 * Storing a new report (and replaying its answer for a repeated Idempotency-Key), as plain functions of
 * (db, …) so that the Open311 and PA modules and the demo data reuse them. The tracking view: tracking-view.ts.
 * Tables: api/db/migrations/002-housing-reports.sql.
 */
import { randomUUID } from 'node:crypto';
import type { NewReport, ReportCreated } from '#contract';
import { computeDeadlines, deadlinesBasis } from '#rules/deadlines';
import type { Db, Queryable } from '../../db/client';
import { jsonValue } from '../../db/values';
import { categoryGroups, housingPolicy } from './housing-reports.policy';
import type { StoredPhoto } from './photos';
import { resolveDistrict } from './report-district';
import { newTrackingCode } from './tracking-code';

export interface CreateReportInput {
  report: NewReport;
  /** The client's Idempotency-Key (Open311: its own key per request). */
  idempotencyKey: string;
  /** Hash of the request (report + photo bytes): a replay must match it. */
  requestHash: string;
  /** Already checked and re-encoded (photos.ts), in order. */
  photos: StoredPhoto[];
  source?: 'app' | 'open311';
  receivedAt?: Date;
  /** A PA who made the report with or for the young person (their staff id). */
  madeBy?: string;
}

export type CreateReportResult =
  { created: true; response: ReportCreated } | { created: false; requestHash: string; response: ReportCreated };

/** The columns of a new report, in the order of the statement's parameters (one array each). */
const COLUMNS = [
  ['id', 'uuid'],
  ['tracking_code', 'text'],
  ['idempotency_key', 'text'],
  ['request_hash', 'text'],
  ['urgent', 'boolean'],
  ['categories', 'text[]'],
  ['category_groups', 'text[]'],
  ['feels_safe', 'text'],
  ['lat', 'double precision'],
  ['lng', 'double precision'],
  ['district_code', 'text'],
  ['description', 'text'],
  ['since', 'date'],
  ['affected_baby', 'boolean'],
  ['affected_health', 'boolean'],
  ['affected_children', 'boolean'],
  ['affected_disabled', 'boolean'],
  ['affected_pregnant', 'boolean'],
  ['accommodation_type', 'text'],
  ['provider', 'text'],
  ['contact_method', 'text'],
  ['contact_value', 'text'],
  ['address_text', 'text'],
  ['source', 'text'],
  ['created_on_device_at', 'timestamptz'],
  ['received_at', 'timestamptz'],
  ['deadlines', 'jsonb'],
  ['due_at', 'timestamptz'],
  ['response', 'jsonb'],
  ['language', 'text'],
  ['pa_name', 'text'],
  ['pa_email', 'text'],
  ['reporter_first_name', 'text'],
  ['made_by_staff_id', 'uuid'],
  ['deadlines_basis', 'text'],
] as const;

type ReportRow = unknown[];

/**
 * Any number of reports, each with its first history entry, in ONE statement (data-modifying CTEs): atomic
 * on its own, so it needs no transaction (BEGIN and COMMIT are round trips too), and one text for any
 * number of reports, so it is prepared once. Each column travels as one array (a text[] column as the text
 * of its array literal). The triggers on `reports` add the reports to the dashboard's figures
 * (006-report-stats-deltas.sql). Returns the ids inserted: a report whose key is already stored (or
 * repeated earlier in the same batch) is left out.
 */
const INSERT_REPORTS = `with batch as (
    select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type.endsWith('[]') ? 'text' : type}[]`).join(', ')})
      with ordinality as b(${COLUMNS.map(([name]) => name).join(', ')}, ord)
  ),
  inserted as (
    insert into reports (${COLUMNS.map(([name]) => name).join(', ')}, status, updated_at)
    select ${COLUMNS.map(([name, type]) => (type.endsWith('[]') ? `${name}::text[]` : name)).join(', ')}, 'new', received_at
      from batch order by ord
    on conflict (idempotency_key) do nothing
    returning id, received_at
  ),
  history as (
    insert into report_updates (report_id, at, actor, to_status) select id, received_at, 'reporter', 'new' from inserted
  )
  select id from inserted`;

/** A text[] value as the text of its array literal (what `::text[]` reads). */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

/** Rows → one array per column. */
function columnsOf(rows: ReportRow[]): unknown[][] {
  return COLUMNS.map((_, i) => rows.map((row) => row[i]));
}

async function insertReports(q: Queryable | Db, rows: ReportRow[]): Promise<Set<string>> {
  const params = columnsOf(rows);
  const db = q as Partial<Db>;
  const inserted = db.prepared
    ? await db.prepared<{ id: string }>('insert_reports', INSERT_REPORTS, params)
    : await q.query<{ id: string }>(INSERT_REPORTS, params);
  return new Set(inserted.map((r) => r.id));
}

/**
 * Reports without photos from concurrent requests share one statement (group commit, done by the app):
 * while a statement is on its way, the reports that arrive wait for the next one, so one commit, one
 * trigger run and one round trip serve them all. A report waits only while another statement is
 * running: alone, it goes at once. If a statement fails, its reports are tried one by one, so a report
 * the database refuses fails alone. Measured: on PGlite a statement costs about as much as its
 * first report; on PostgreSQL the commit's flush and the round trip are shared.
 */
class ReportBatcher {
  private waiting: { row: ReportRow; resolve: (inserted: boolean) => void; reject: (error: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly db: Db,
    /** statements at once: PGlite runs one at a time anyway; PostgreSQL shares its pool with the readers */
    private readonly parallel: number,
    private readonly maxBatch = 64,
  ) {}

  insert(row: ReportRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.parallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: ReportBatcher['waiting']) {
    try {
      const inserted = await insertReports(
        this.db,
        batch.map((b) => b.row),
      );
      for (const b of batch) b.resolve(inserted.has(b.row[0] as string));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const b of batch) {
        await insertReports(this.db, [b.row]).then((inserted) => b.resolve(inserted.has(b.row[0] as string)), b.reject);
      }
    }
  }
}

const batchers = new WeakMap<Db, ReportBatcher>();
const batcherOf = (db: Db) => {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new ReportBatcher(db, db.kind === 'pglite' ? 1 : 2)));
  return batcher;
};

/**
 * Stores a report and its photos atomically: one statement without photos (shared with concurrent
 * reports, see ReportBatcher), a transaction with them. The unique Idempotency-Key decides races: of
 * several concurrent requests with one key, one inserts and the others find its row (`created: false`)
 * and must compare `requestHash` before replaying its response.
 */
export async function createReport(db: Db, input: CreateReportInput): Promise<CreateReportResult> {
  const { report, photos } = input;
  const receivedAt = input.receivedAt ?? new Date();
  const district = resolveDistrict(report);
  const { urgent, deadlines, dueAt } = computeDeadlines({ ...report, receivedAt }, housingPolicy);
  const basis = deadlinesBasis({ ...report, receivedAt }, housingPolicy);
  const id = randomUUID();
  const response: ReportCreated = {
    id,
    trackingCode: newTrackingCode(),
    status: 'new',
    district,
    urgent,
    receivedAt: receivedAt.toISOString(),
    deadlines,
    deadlinesBasis: basis,
    photos: photos.length,
  };
  const row: ReportRow = [
    id,
    response.trackingCode,
    input.idempotencyKey,
    input.requestHash,
    urgent,
    arrayLiteral(report.categories),
    arrayLiteral(categoryGroups(report.categories)),
    report.feelsSafe,
    report.location?.lat ?? null,
    report.location?.lng ?? null,
    district.code,
    report.description,
    report.since ?? null,
    report.affected?.baby ?? false,
    report.affected?.healthCondition ?? false,
    report.affected?.children ?? false,
    report.affected?.disabled ?? false,
    report.affected?.pregnant ?? false,
    report.accommodationType,
    report.provider || null,
    report.contact.method,
    report.contact.method === 'phone' || report.contact.method === 'email' ? (report.contact.value ?? null) : null,
    report.address || null,
    input.source ?? 'app',
    report.createdAt,
    receivedAt.toISOString(),
    JSON.stringify(deadlines),
    dueAt,
    JSON.stringify(response),
    report.language,
    report.pa?.name ?? null,
    report.pa?.email ?? null,
    report.firstName ?? null,
    input.madeBy ?? null,
    basis,
  ];

  const store = async (q: Queryable, inserted: boolean): Promise<CreateReportResult> => {
    if (!inserted) {
      // Another request with this key got there first (it has committed: the insert waited for it).
      const existing = await findByIdempotencyKey(q, input.idempotencyKey);
      if (!existing) throw new Error('Idempotency-Key conflict without a stored report');
      return { created: false as const, ...existing };
    }
    for (const [position, photo] of photos.entries()) {
      await q.query(
        `insert into report_photos (report_id, position, content_type, width, height, bytes) values ($1, $2, $3, $4, $5, $6)`,
        [id, position, photo.contentType, photo.width, photo.height, photo.bytes],
      );
    }
    return { created: true as const, response };
  };
  if (photos.length > 0) return db.transaction(async (tx) => store(tx, (await insertReports(tx, [row])).has(id)));
  // the hot path: prepared once per connection, shared with concurrent reports where the database allows
  if (!db.prepared) return store(db, (await insertReports(db, [row])).has(id));
  return store(db, await batcherOf(db).insert(row));
}

/** The stored result for an Idempotency-Key, to replay (or refuse when the request differs). */
export async function findByIdempotencyKey(
  db: Queryable,
  idempotencyKey: string,
): Promise<{ requestHash: string; response: ReportCreated } | null> {
  const rows = await db.query<{ request_hash: string; response: ReportCreated | string }>(
    'select request_hash, response from reports where idempotency_key = $1',
    [idempotencyKey],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    requestHash: row.request_hash,
    response: jsonValue(row.response),
  };
}
