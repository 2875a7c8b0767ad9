/**
 * The CSV export's pages must each be an ordered scan of reports_received_id: a plan that sorts (or
 * bitmap-scans) reads every remaining row on every page, so an export of a million reports never ends.
 * PGlite has no statistics, which is when the planner guesses wrong; the plan of each page the export
 * really runs (its SQL, its parameters, its settings) is checked here, over 30,000 reports seeded as the
 * bench seeds them, with and without filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../api/db/client';
import { exportPages } from '../../api/modules/dashboard/dashboard.export';
import { toReportFilter } from '../../api/modules/dashboard/report-filter';
import { createTestDb } from '../helpers/test-db';
import { seedReports } from '../../bench/lib/seed';

let db: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  db = await createTestDb();
  // enough rows for the planner to weigh a sort against the index (an empty table is always an index scan)
  await seedReports(db, 1, 30_000);
});
afterAll(() => db.dropAll());

/** The plan of each page the export reads (in the export's own transactions), and how many rows it gave. */
async function plansOf(filter: Parameters<typeof exportPages>[1]): Promise<{ plans: string[]; rows: number }> {
  const plans: string[] = [];
  const explaining: Pick<Db, 'transaction'> = {
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: (sql) => tx.exec(sql),
          async query<T>(sql: string, params?: unknown[]) {
            const rows = await tx.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params);
            plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
            return tx.query<T>(sql, params);
          },
        } satisfies Queryable),
      ),
  };
  let rows = 0;
  for await (const page of exportPages(explaining, filter, 5_000)) rows += page.length;
  return { plans, rows };
}

describe('the export plan', () => {
  it.each([
    ['everything', {}],
    ['one district, urgent, open', { district: 'E07000114', urgent: 'true' as const, status: 'open' as const }],
    ['a category and a flag', { category: 'damp', flag: 'children' as const }],
  ])('%s: every page an index scan in key order, no sort, no bitmap', async (name, query) => {
    const { status, flag, ...filters } = query as Record<string, string>;
    const f = {
      ...toReportFilter({ from: '2000-01', ...filters }, filters.district ? [filters.district] : null, true),
      status: status as 'open' | undefined,
      flag: flag as 'children' | undefined,
    };
    const { plans, rows } = await plansOf(f);
    // the first page and every page after it, whose key must be a seek too
    expect(plans.length).toBe(Math.floor(rows / 5_000) + 1);
    for (const plan of plans) {
      expect(plan).toMatch(/Index Scan using reports_received_id on reports r/);
      expect(plan).not.toMatch(/Sort|Bitmap|Seq Scan/);
    }
    if (name === 'everything') expect(rows).toBe(30_000);
  });
});
