/**
 * The CSV export of reports: exactly the filters and period of the page it is downloaded from, named after
 * them. For people, English labels and UK local dates and times (dd/mm/yyyy hh:mm, as Excel reads them in
 * the UK); for machines, the codes in columns of their own. Read a page at a time by key (received time,
 * then id) and written as it is read, so a million rows take no more memory than a thousand.
 */
import { CATEGORY_GROUPS, type CategoryGroup } from '../../contract/content';
import textEn from '#content/kent/text/en.json';
import en from '#locales/en.json';
import { londonDateTime } from '#rules/deadlines';
import type { ReportStatus } from '#contract';
import type { Db, Queryable } from '../../db/client';
import { districtName } from '../../lib/content';
import { EARLIEST_MONTH } from '#rules/periods';
import { LIST_COLUMNS, listWhere, refOf, type ListFilter, type ListRow } from './report-list';

/** Rows read per query: small enough to keep memory flat, big enough that a query's cost is spread. */
export const EXPORT_PAGE_ROWS = 2000;

export const EXPORT_HEADER = [
  'Reference',
  'Received (UK time)',
  'District',
  'District code',
  'Problems',
  'Problem codes',
  'Problem groups',
  'Accommodation',
  'Accommodation code',
  'Landlord or provider',
  'Urgent',
  'Status',
  'Status code',
  'Next deadline (UK time)',
  'Overdue',
  'Acknowledged (UK time)',
  'Resolved (UK time)',
  'Closed (UK time)',
  'Why closed',
] as const;

interface ExportRow extends ListRow {
  category_groups: string[];
  acknowledged_at: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  closed_reason: string | null;
  /** received_at as text: a JS Date keeps milliseconds only, PostgreSQL microseconds */
  cursor_at: string;
}

const categoryLabel = (id: string) => (textEn.categories as Record<string, { label: string }>)[id]?.label ?? id;
const accommodationLabel = (id: string) => (textEn.accommodationTypes as Record<string, string>)[id] ?? id;
const groupLabel = (g: string) =>
  CATEGORY_GROUPS.includes(g as CategoryGroup) ? en.dashboard.group[g as CategoryGroup] : g;
const statusLabel = (s: ReportStatus) => en.dashboard.status[s];
const uk = (v: Date | string | null) => (v === null ? null : londonDateTime(new Date(v)));
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function toCells(r: ExportRow): unknown[] {
  return [
    refOf(r.id),
    uk(r.received_at),
    districtName(r.district_code),
    r.district_code,
    r.categories.map(categoryLabel),
    r.categories,
    r.category_groups.map(groupLabel),
    accommodationLabel(r.accommodation_type),
    r.accommodation_type,
    r.provider,
    yesNo(r.urgent),
    statusLabel(r.status),
    r.status,
    uk(r.due_at),
    yesNo(r.overdue),
    uk(r.acknowledged_at),
    uk(r.resolved_at),
    uk(r.closed_at),
    r.closed_reason,
  ];
}

/** How many rows the export of `f` holds (for the audit log). */
export async function exportCount(db: Queryable, f: ListFilter): Promise<number> {
  const params: unknown[] = [];
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from reports r where ${listWhere(f, params)}`,
    params,
  );
  return row?.n ?? 0;
}

/**
 * Only an ordered scan of reports_received_id keeps a page's cost to its own rows. Without statistics
 * (PGlite runs no autovacuum, and a bulk load outruns PostgreSQL's) the planner guesses a few hundred rows
 * and picks a bitmap scan of every remaining row plus a sort, on every page: an export then costs the
 * square of its rows (100,000 reports: 0.3 s a page, measured). So each page is read in a transaction of
 * its own with sorts and bitmap scans priced out; nothing is held between pages, so other requests run.
 */
const ORDERED_SCAN = [
  'set local enable_sort = off',
  // or it sorts the received_at index's rows by id, and the key (received_at, id) is no longer a seek
  'set local enable_incremental_sort = off',
  'set local enable_bitmapscan = off',
  'set local enable_seqscan = off',
].join('; ');

/** The export's rows as CSV cells, a page at a time, oldest first. */
export async function* exportPages(
  db: Pick<Db, 'transaction'>,
  f: ListFilter,
  pageRows = EXPORT_PAGE_ROWS,
): AsyncGenerator<unknown[][]> {
  let after: [string, string] | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where = listWhere(f, params);
    const key = after
      ? ` and (r.received_at, r.id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`
      : '';
    const rows: ExportRow[] = await db.transaction(async (tx) => {
      await tx.exec(ORDERED_SCAN);
      return tx.query<ExportRow>(
        `select ${LIST_COLUMNS}, r.category_groups, r.acknowledged_at, r.resolved_at, r.closed_at, r.closed_reason,
                r.received_at::text as cursor_at
           from reports r where ${where}${key} order by r.received_at, r.id limit ${pageRows}`,
        params,
      );
    });
    if (rows.length) yield rows.map(toCells);
    if (rows.length < pageRows) return;
    const last = rows.at(-1)!;
    after = [last.cursor_at, last.id];
  }
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `housing-reports_2026-01-to-2026-12_thanet_mould_urgent.csv`: the period and every filter applied. */
export function exportFileName(f: ListFilter, query: { district?: string }): string {
  const parts = ['housing-reports', f.from === EARLIEST_MONTH ? `up-to-${f.to}` : `${f.from}-to-${f.to}`];
  if (query.district) parts.push(slug(districtName(query.district)));
  if (f.category) parts.push(slug(f.category));
  if (f.accommodationType) parts.push(slug(f.accommodationType));
  if (f.urgent !== undefined) parts.push(f.urgent ? 'urgent' : 'not-urgent');
  if (f.status) parts.push(slug(f.status));
  if (f.flag) parts.push(`said-${slug(f.flag)}`);
  return `${parts.join('_')}.csv`;
}
