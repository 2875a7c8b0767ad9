/**
 * GET /api/stats/monthly.csv: the published figures month by month, as open data. Each month of the
 * published period is read with publishedDistricts, so a cell here is suppressed exactly as /api/stats
 * suppresses it (counts below 5 as "<5", others to the nearest 5, a share only from counts of 5 or more)
 * and the month under way is never in it. Licensed under the Open Government Licence v3.0: the licence
 * and the source are columns of every row (they survive being copied into another sheet) and the licence
 * is also the response's `Link: rel="license"`.
 */
import { CATEGORY_GROUPS } from '../../contract/content';
import type { PublishedFigures, SuppressedCount } from '#contract';
import en from '#locales/en.json';
import type { AppDeps } from '../../deps';
import { toCsv } from '../dashboard/csv';
import { monthsBetween } from '#rules/periods';
import { publishedDistricts } from './published-figures';

export const OGL_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';
export const LICENCE = `Open Government Licence v3.0 (${OGL_URL})`;
export const SOURCE =
  'Care Leaver Hub: housing reports made by care leavers in Kent and Medway, by month received. ' +
  'Counts below 5 are shown as <5, others are rounded to the nearest 5.';

export const MONTHLY_HEADER = [
  'Month',
  'Area',
  'Area code',
  'Reports received',
  ...CATEGORY_GROUPS.map((g) => en.dashboard.group[g]),
  'Resolved in time (%, blank when from fewer than 5)',
  'Licence',
  'Source',
] as const;

const cells = (month: string, name: string, code: string, f: PublishedFigures): (SuppressedCount | string)[] => [
  month,
  name,
  code,
  f.total,
  ...CATEGORY_GROUPS.map((g) => f.byCategoryGroup[g]),
  f.resolvedInTimeShare === null ? '' : String(Math.round(f.resolvedInTimeShare * 100)),
  LICENCE,
  SOURCE,
];

/** The CSV of `period` (completed months only: the caller passes publishedPeriod()) and its file name. */
export async function monthlyOpenData(
  db: AppDeps['db'],
  period: { from: string; to: string },
): Promise<{ csv: string; fileName: string }> {
  const rows: (SuppressedCount | string)[][] = [];
  // one month at a time through the same reader as /api/stats: a month is its own published period
  for (const month of monthsBetween(period.from, period.to)) {
    const published = await publishedDistricts(db, { from: month, to: month });
    for (const d of published.districts) rows.push(cells(month, d.name, d.code, d));
    rows.push(cells(month, 'All areas', 'all', published.totals));
  }
  return {
    csv: toCsv(MONTHLY_HEADER, rows),
    fileName: `housing-reports-by-month_${period.from}-to-${period.to}_open-data.csv`,
  };
}
