/**
 * Bulk-seeds synthetic reports straight into the database, in SQL (INSERT … SELECT over generate_series),
 * up to a million rows per statement. The dashboard's aggregates (report_stats_monthly) are filled by their own
 * statement-level triggers (api/db/migrations/006-report-stats-deltas.sql: one delta per group of alike
 * reports), the same path every real insert takes, then folded by report_stats_flush().
 *
 * The history grows, the work in hand does not: reports spread over the last 24 months, every one
 * resolved (85 %) or closed (15 %) except the first OPEN_REPORTS, which are recent and open. That is
 * the question the scale bench asks: does the dashboard's cost grow with history?
 */
import { CATEGORY_IDS, KENT_AREA_CODES, type CategoryId } from '../../api/contract/content';
import type { Queryable } from '../../api/db/client';
import { categoryGroups } from '../../api/modules/housing-reports/housing-reports.policy';

export const OPEN_REPORTS = 300;
/** The triggers pay a fixed cost per statement (grouping alike rows), so fewer, bigger statements are faster. */
const CHUNK = 1_000_000;
/**
 * Each report is one of this many archetypes (district, type, categories, state, days to acknowledge and
 * to resolve) in a month of its own: the aggregate table is as full as real data would make it (every
 * month × district of each slice the dashboard reads), and the triggers fold alike rows per statement.
 */
const ARCHETYPES = 499;
const PROVIDERS = Array.from({ length: 24 }, (_, i) => `Bench Housing Provider ${String.fromCharCode(65 + i)}`);
const TYPES = ['supported', 'shared_house', 'private_rented', 'social_housing', 'temporary', 'other'];

/** A fixed set of category combinations: each category alone, and some pairs. */
function combos(): { cats: string; groups: string }[] {
  const lists: CategoryId[][] = CATEGORY_IDS.map((c) => [c]);
  lists.push(
    ['damp', 'mould'],
    ['damp', 'cold_heating'],
    ['electrics', 'fire_safety'],
    ['locks_doors_windows', 'unsafe_people'],
    ['mould', 'pests'],
  );
  const pg = (list: readonly string[]) => `{${list.join(',')}}`;
  return lists.map((list) => ({ cats: pg(list), groups: pg(categoryGroups(list)) }));
}

/** Reports number `from` … `to` (inclusive, 1-based), in chunks; returns the seconds it took. */
export async function seedReports(
  db: Queryable,
  from: number,
  to: number,
  onChunk?: (done: number) => void,
): Promise<{ wallS: number; cpuS: number }> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const c = combos();
  // The history arrived in the past, when a running service fanned out each arrival's alert. Through the
  // alert trigger (009-alerts.sql) a million seeded reports would leave a million events waiting, and a
  // fresh server's alert worker would spend hours on them with the database to itself (the 1,000,000-row
  // export never started: /api/health did not answer). So the seed goes round that trigger only.
  await db.exec('alter table reports disable trigger reports_alert_insert');
  try {
    await insertChunks(db, c, from, to, onChunk);
  } finally {
    await db.exec('alter table reports enable trigger reports_alert_insert');
  }
  // The triggers leave each statement's changes as deltas (006-report-stats-deltas.sql); fold them now, as
  // the 200th writing statement would in a running service, so the readers see the steady state.
  await db.query('select report_stats_flush()');
  const used = process.cpuUsage(cpu);
  // cpuS is this process's CPU time: the seeding's own cost on PGlite (in process), the client's on PostgreSQL
  return { wallS: (Date.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

async function insertChunks(
  db: Queryable,
  c: { cats: string; groups: string }[],
  from: number,
  to: number,
  onChunk?: (done: number) => void,
): Promise<void> {
  for (let lo = from; lo <= to; lo += CHUNK) {
    const hi = Math.min(to, lo + CHUNK - 1);
    await db.query(
      `with combos as (
         select ord::int as ord, cats::text[] as cats, groups::text[] as groups
         from unnest($1::text[], $2::text[]) with ordinality as t(cats, groups, ord)
       ),
       rows as (
         select g, g % ${ARCHETYPES} as a,
           case when g <= $9 then now() - ((g::bigint * 7919) % (20 * 1440)) * interval '1 minute'
                else now() - ((g::bigint * 7919) % (730 * 1440)) * interval '1 minute' end as received_at,
           case when g <= $9 then (array['new', 'acknowledged', 'investigating', 'works_scheduled'])[1 + g % 4]
                when g % ${ARCHETYPES} % 20 < 3 then 'closed' else 'resolved' end as status
         from generate_series($3::int, $4::int) as g
       )
       insert into reports (
         id, tracking_code, idempotency_key, request_hash, status, urgent, categories, category_groups, feels_safe,
         district_code, description, accommodation_type, provider, contact_method, source,
         received_at, updated_at, acknowledged_at, resolved_at, closed_at, closed_reason, deadlines, due_at, response
       )
       select lpad(to_hex(r.g), 32, '0')::uuid, 'BENCH-' || r.g, 'bench-seed-' || r.g, 'bench', r.status, r.a % 17 = 0,
         c.cats, c.groups, case when r.a % 17 = 0 then 'no' else 'yes' end,
         ($5::text[])[1 + r.a % array_length($5::text[], 1)],
         'Synthetic report for the benchmark (not a real person).',
         ($6::text[])[1 + r.a % array_length($6::text[], 1)],
         ($7::text[])[1 + (r.a / 7) % array_length($7::text[], 1)],
         'none', 'app',
         r.received_at, r.received_at,
         case when r.status <> 'new' then r.received_at + (r.a % 5) * interval '1 day' + interval '3 hours' end,
         case when r.status = 'resolved' then r.received_at + (2 + r.a % 40) * interval '1 day' end,
         case when r.status = 'closed' then r.received_at + (1 + r.a % 10) * interval '1 day' end,
         case when r.status = 'closed' then 'duplicate' end,
         jsonb_build_object('acknowledgeBy', r.received_at + interval '2 days', 'investigateBy', r.received_at + interval '14 days',
           'makeSafeBy', r.received_at + interval '21 days'),
         case when r.g <= $9 then r.received_at + interval '14 days' end,
         '{}'::jsonb
       from rows r join combos c on c.ord = 1 + r.a % $8`,
      [
        c.map((x) => x.cats),
        c.map((x) => x.groups),
        lo,
        hi,
        [...KENT_AREA_CODES],
        TYPES,
        PROVIDERS,
        c.length,
        OPEN_REPORTS,
      ],
    );
    onChunk?.(hi);
  }
}
