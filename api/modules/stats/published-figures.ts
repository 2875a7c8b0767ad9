/**
 * The published figures (GET /api/stats/…, no sign-in). Per district, over the last 12 completed months (never the
 * month under way, whose live counts would date single reports): reports received, by category group, and
 * the share resolved in time. Statistical disclosure control:
 * any count below 5 (0 included) is published as the string "<5" ("fewer than 5"); every other count is
 * rounded to the nearest 5, so that a suppressed count cannot be worked out by subtracting the shown ones
 * from a total; a share is published only when both of its counts are 5 or more, and to the nearest 5 %.
 * No locations, no report-level data. Read from the monthly aggregates, so it costs the same whatever the
 * history.
 */
import { type PublishedDistricts, type PublishedFigures, type SuppressedCount } from '#contract';
import { CATEGORY_GROUPS, type CategoryGroup } from '../../contract/content';
import type { AppDeps } from '../../deps';
import { publishedCounts } from '../dashboard/dashboard.queries';
import { currentMonth } from '../dashboard/periods';
import { addMonths } from '#rules/periods';

export const SUPPRESS_BELOW = 5;

const ROUND_TO = 5;

/** "<5" below 5; otherwise the nearest multiple of 5 (never below 5: 5, 6 and 7 are all 5). */
export const suppress = (n: number): SuppressedCount =>
  n < SUPPRESS_BELOW ? '<5' : Math.round(n / ROUND_TO) * ROUND_TO;

export function publish(counts: {
  total: number;
  groups: Record<CategoryGroup, number>;
  resolved: number;
  inTime: number;
}): PublishedFigures {
  const shareShown = counts.resolved >= SUPPRESS_BELOW && counts.inTime >= SUPPRESS_BELOW;
  return {
    total: suppress(counts.total),
    byCategoryGroup: Object.fromEntries(
      CATEGORY_GROUPS.map((g) => [g, suppress(counts.groups[g])]),
    ) as PublishedFigures['byCategoryGroup'],
    resolvedInTimeShare: shareShown ? Math.round((counts.inTime / counts.resolved) * 20) / 20 : null,
  };
}

/** The last 12 completed months: never the month under way, whose live counts would date single reports. */
export function publishedPeriod(now = new Date()): { from: string; to: string } {
  const to = addMonths(currentMonth(now), -1);
  return { from: addMonths(to, -11), to };
}

/** The published figures of a period: per district and in total, each count suppressed as above. */
export async function publishedDistricts(
  db: AppDeps['db'],
  period: { from: string; to: string },
): Promise<PublishedDistricts> {
  const rows = await publishedCounts(db, period);
  const totals = {
    total: 0,
    groups: Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, 0])) as Record<CategoryGroup, number>,
    resolved: 0,
    inTime: 0,
  };
  for (const r of rows) {
    totals.total += r.total;
    totals.resolved += r.resolved;
    totals.inTime += r.inTime;
    for (const g of CATEGORY_GROUPS) totals.groups[g] += r.groups[g];
  }
  return {
    period,
    districts: rows.map((r) => ({ code: r.code, name: r.name, ...publish(r) })),
    totals: publish(totals),
  };
}
