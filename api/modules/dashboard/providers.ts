/**
 * The providers table: per provider named on the reports received in the period (names grouped ignoring
 * case and spaces), what commissioners act on: open and overdue now, resolved in time (by the last
 * deadline, as the monthly aggregates count it: 003-staff.sql), repeat homes (repeat-homes.ts) and the
 * share of reports where the young person said they did not feel safe.
 */
import type { DashboardProviders, ProviderFigures } from '#contract';
import type { Queryable } from '../../db/client';
import { districtsInView, OPEN, reportConditions, type ReportFilter } from './report-filter';
import { suppress, SUPPRESS_BELOW } from '../stats/published-figures';
import { repeatCounts } from './repeat-homes';

export const providerKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

export async function dashboardProviders(db: Queryable, f: ReportFilter): Promise<DashboardProviders> {
  const params: unknown[] = [];
  const where = [`r.provider is not null`, `btrim(r.provider) <> ''`, ...reportConditions(f, params)];
  const [rows, repeats] = await Promise.all([
    db.query<{
      name: string;
      received: number;
      open: number;
      overdue: number;
      resolved: number;
      in_time: number;
      not_safe: number;
    }>(
      `select min(btrim(r.provider)) as name, count(*)::int as received,
              (count(*) filter (where ${OPEN}))::int as open,
              (count(*) filter (where ${OPEN} and r.due_at < now()))::int as overdue,
              (count(*) filter (where r.status = 'resolved' and d.last_deadline is not null))::int as resolved,
              (count(*) filter (where r.status = 'resolved' and r.resolved_at <= d.last_deadline))::int as in_time,
              (count(*) filter (where r.feels_safe = 'no'))::int as not_safe
         from reports r
         cross join lateral (select greatest((r.deadlines ->> 'acknowledgeBy')::timestamptz, (r.deadlines ->> 'investigateBy')::timestamptz,
           (r.deadlines ->> 'summaryBy')::timestamptz, (r.deadlines ->> 'makeSafeBy')::timestamptz) as last_deadline) d
        where ${where.join(' and ')}
        group by lower(regexp_replace(btrim(r.provider), '\\s+', ' ', 'g'))`,
      params,
    ),
    repeatCounts(db, f),
  ]);
  const repeatsOf = new Map<string, { repeats: number; cameBack: number }>();
  for (const r of repeats) {
    if (!r.provider) continue;
    const entry = repeatsOf.get(providerKey(r.provider)) ?? { repeats: 0, cameBack: 0 };
    entry.repeats += r.repeats;
    entry.cameBack += r.cameBack;
    repeatsOf.set(providerKey(r.provider), entry);
  }
  const providers: ProviderFigures[] = rows
    .map((r) => {
      const rep = repeatsOf.get(providerKey(r.name)) ?? { repeats: 0, cameBack: 0 };
      return {
        name: r.name,
        received: r.received,
        open: r.open,
        overdue: r.overdue,
        resolvedInTimeShare: share(r.in_time, r.resolved),
        repeats: rep.repeats,
        cameBack: rep.cameBack,
        repeatShare: share(rep.repeats, r.received),
        notSafeShare: share(r.not_safe, r.received),
      };
    })
    .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.name.localeCompare(b.name, 'en-GB'));
  const byDistrict = new Map<string, { repeats: number; cameBack: number }>();
  for (const r of repeats) {
    const entry = byDistrict.get(r.districtCode) ?? { repeats: 0, cameBack: 0 };
    entry.repeats += r.repeats;
    entry.cameBack += r.cameBack;
    byDistrict.set(r.districtCode, entry);
  }
  return {
    providers,
    repeatsByDistrict: districtsInView(f.districts).map((d) => ({
      ...d,
      ...(byDistrict.get(d.code) ?? { repeats: 0, cameBack: 0 }),
    })),
  };
}

export const PROVIDERS_CSV_HEADER = [
  'Provider',
  'Reports received',
  'Open now',
  'Overdue now',
  'Resolved in time (share)',
  'Reports about a home reported before',
  'Came back within 12 months of being resolved',
  'Repeat-home share',
  'Did not feel safe (share)',
] as const;

/**
 * The providers table as CSV rows. `shared`: for use beyond staff, with the published figures' rules
 * (published-figures.ts): counts below 5 as "<5", others to the nearest 5; a share only when its part and its
 * whole are both 5 or more, to the nearest 5 %.
 */
export function providersCsvRows(providers: readonly ProviderFigures[], shared: boolean): unknown[][] {
  const count = (n: number) => (shared ? suppress(n) : n);
  const part = (share: number | null, whole: number) => {
    if (share === null) return null;
    if (!shared) return share;
    const n = Math.round(share * whole);
    return n >= SUPPRESS_BELOW && whole >= SUPPRESS_BELOW ? Math.round(share * 20) / 20 : null;
  };
  return providers.map((p) => [
    p.name,
    count(p.received),
    count(p.open),
    count(p.overdue),
    shared ? null : p.resolvedInTimeShare,
    count(p.repeats),
    count(p.cameBack),
    part(p.repeatShare, p.received),
    part(p.notSafeShare, p.received),
  ]);
}
