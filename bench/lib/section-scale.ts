/**
 * Section 4: the dashboard summary and the published stats with 10,000, 100,000 and 1,000,000 reports
 * bulk-seeded into the database (seed.ts), and the growth of their latency from 10k to 1M (goal ≤ 3×).
 * PGlite has one owner at a time, so the server is stopped while the bench process seeds; on PostgreSQL
 * the seeding goes through a second connection while the server runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, type Queryable } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import type { BenchContext } from './context';
import { SCALE_GOALS } from './goals';
import { createBenchSchema } from './postgres';
import { figure, type Figure, type SectionResult, type Table } from './results';
import { OPEN_REPORTS, seedReports } from './seed';
import { startServer, type BenchServer } from './server';
import { BENCH_COMMISSIONER, createCommissioner, signIn } from './staff';

interface Latency {
  first: number;
  p50: number;
  p95: number;
  n: number;
}

interface Step {
  reports: number;
  /** set on the extra PGlite row measured after ANALYZE */
  analyzed?: boolean;
  seedS: number;
  seedCpuS: number;
  aggregateRows: number;
  summary: Latency;
  stats: Latency;
}

const ENDPOINTS = { summary: '/api/dashboard/summary', stats: '/api/stats/districts' } as const;

/** `n` sequential requests after the first (reported apart: cold caches); p50 and p95 in ms. */
async function latency(url: string, headers: Record<string, string>, n: number): Promise<Latency> {
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - t;
  };
  const first = await once();
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { first, p50: at(0.5), p95: at(0.95), n };
}

async function measure(server: BenchServer, password: string, n: number) {
  const session = await signIn(server.url, BENCH_COMMISSIONER.email, password);
  return {
    summary: await latency(server.url + ENDPOINTS.summary, { cookie: session.header }, n),
    stats: await latency(server.url + ENDPOINTS.stats, {}, n),
  };
}

const countAggregates = async (db: Queryable) =>
  Number((await db.query<{ n: string }>('select count(*) as n from report_stats_monthly'))[0]!.n);

async function onPglite(sizes: number[], n: number, log: (m: string) => void): Promise<Step[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clh-bench-scale-'));
  const steps: Step[] = [];
  let password = '';
  let seeded = 0;
  try {
    for (const size of sizes) {
      const db = await openPglite(dataDir);
      let seed: { wallS: number; cpuS: number };
      let aggregateRows: number;
      try {
        if (seeded === 0) {
          await prepareDatabase(db);
          password = await createCommissioner(db);
        }
        seed = await seedReports(db, seeded + 1, size, (done) =>
          log(`   PGlite: ${done.toLocaleString('en-GB')} reports`),
        );
        aggregateRows = await countAggregates(db);
      } finally {
        await db.close();
      }
      seeded = size;
      const server = await startServer({ dataDir });
      try {
        steps.push({
          reports: size,
          seedS: seed.wallS,
          seedCpuS: seed.cpuS,
          aggregateRows,
          ...(await measure(server, password, n)),
        });
      } finally {
        await server.stop();
      }
      log(
        `   PGlite ${size.toLocaleString('en-GB')}: summary p50 ${steps.at(-1)!.summary.p50.toFixed(1)} ms, stats p50 ${steps.at(-1)!.stats.p50.toFixed(1)} ms`,
      );
    }
    // PGlite runs PostgreSQL in single-user mode: no autovacuum, so no ANALYZE and no planner statistics
    // unless someone runs it. The largest size once more after ANALYZE shows what statistics change.
    const db = await openPglite(dataDir);
    try {
      await db.exec('analyze');
    } finally {
      await db.close();
    }
    const server = await startServer({ dataDir });
    try {
      const last = steps.at(-1)!;
      steps.push({ ...last, analyzed: true, seedS: 0, seedCpuS: 0, ...(await measure(server, password, n)) });
    } finally {
      await server.stop();
    }
    log(
      `   PGlite ${seeded.toLocaleString('en-GB')} after ANALYZE: summary p50 ${steps.at(-1)!.summary.p50.toFixed(1)} ms, stats p50 ${steps.at(-1)!.stats.p50.toFixed(1)} ms`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return steps;
}

async function onPostgres(databaseUrl: string, sizes: number[], n: number, log: (m: string) => void): Promise<Step[]> {
  const schema = await createBenchSchema(databaseUrl, 'scale');
  const steps: Step[] = [];
  try {
    const password = await createCommissioner(schema.db);
    const server = await startServer({ databaseUrl: schema.url });
    try {
      let seeded = 0;
      for (const size of sizes) {
        const seed = await seedReports(schema.db, seeded + 1, size, (done) =>
          log(`   PostgreSQL: ${done.toLocaleString('en-GB')} reports`),
        );
        seeded = size;
        // what autovacuum does shortly after such a write burst (one statement each: VACUUM runs outside a transaction)
        for (const table of ['reports', 'report_stats_monthly']) await schema.db.exec(`vacuum analyze ${table}`);
        steps.push({
          reports: size,
          seedS: seed.wallS,
          seedCpuS: seed.cpuS,
          aggregateRows: await countAggregates(schema.db),
          ...(await measure(server, password, n)),
        });
        log(
          `   PostgreSQL ${size.toLocaleString('en-GB')}: summary p50 ${steps.at(-1)!.summary.p50.toFixed(1)} ms, stats p50 ${steps.at(-1)!.stats.p50.toFixed(1)} ms`,
        );
      }
    } finally {
      await server.dispose();
    }
  } finally {
    await schema.drop();
  }
  return steps;
}

export async function scaleSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const sizes =
    ctx.option('scale-sizes')?.split(',').map(Number) ??
    (ctx.quick ? [2_000, 10_000, 20_000] : [10_000, 100_000, 1_000_000]);
  const n = ctx.quick ? 10 : 30;
  const engines: { engine: string; steps: Step[] }[] = [{ engine: 'PGlite', steps: await onPglite(sizes, n, ctx.log) }];
  const notes = [
    `Reports are bulk-seeded in SQL (one INSERT … SELECT over generate_series per size step); the dashboard's aggregate table is filled by its own statement-level triggers, the path every insert takes. They spread over 24 months; all but ${OPEN_REPORTS} are resolved or closed, so history grows while the open work (which the overdue count reads live) stays the same.`,
    `Latency: one request (first, cold), 3 warm-ups, then ${n} sequential requests from the bench process; p50 and p95 of those ${n}. The dashboard summary is signed in as a commissioner for all districts, default filters (the last 12 months).`,
  ];
  notes.push(
    'PGlite runs PostgreSQL in single-user mode, without autovacuum: nothing ever runs ANALYZE, so the planner has no statistics for the seeded rows (nor for rows the app inserts). The PGlite table shows the largest size twice: as seeded, and after one ANALYZE. On PostgreSQL the bench runs VACUUM ANALYZE after each seeding step, as autovacuum would shortly after such a load (the upserts leave dead row versions in the aggregate table).',
  );
  if (ctx.databaseUrl)
    engines.push({ engine: 'PostgreSQL', steps: await onPostgres(ctx.databaseUrl, sizes, n, ctx.log) });
  else notes.push('PostgreSQL: not measured (set DATABASE_URL=postgres://… to add it).');

  const tables: Table[] = [];
  const figures: Figure[] = [];
  for (const { engine, steps } of engines) {
    tables.push({
      title: engine,
      head: [
        'reports',
        'seeding (wall, CPU of the bench process)',
        'aggregate rows',
        'summary first',
        'summary p50',
        'summary p95',
        'stats first',
        'stats p50',
        'stats p95',
      ],
      rows: steps.map((s) => [
        s.reports.toLocaleString('en-GB') + (s.analyzed ? ' after ANALYZE' : ''),
        s.analyzed ? '' : `${s.seedS.toFixed(0)} s (CPU ${s.seedCpuS.toFixed(0)} s)`,
        s.aggregateRows.toLocaleString('en-GB'),
        `${s.summary.first.toFixed(0)} ms`,
        `${s.summary.p50.toFixed(1)} ms`,
        `${s.summary.p95.toFixed(1)} ms`,
        `${s.stats.first.toFixed(0)} ms`,
        `${s.stats.p50.toFixed(1)} ms`,
        `${s.stats.p95.toFixed(1)} ms`,
      ]),
    });
    const plain = steps.filter((s) => !s.analyzed);
    const small = plain[0]!;
    const big = plain.at(-1)!;
    const analyzed = steps.find((s) => s.analyzed);
    const label = `${(big.reports / 1e6).toLocaleString('en-GB')}M / ${(small.reports / 1e3).toLocaleString('en-GB')}k`;
    const key = engine === 'PGlite' ? 'pglite' : 'postgres';
    // the dashboard's summary and the published figures alike: the p50 at the largest size, and its growth
    const queries = [
      ['summary', 'dashboard summary'],
      ['stats', 'published stats'],
    ] as const;
    figures.push(
      ...queries.flatMap(([query, name]) => [
        figure(
          `scale.${key}.${query}P50`,
          `${engine}: ${name} p50 at ${big.reports.toLocaleString('en-GB')} reports`,
          big[query].p50,
          'ms',
        ),
        figure(
          `scale.${key}.${query}Growth`,
          `${engine}: ${name} growth ${label}`,
          big[query].p50 / small[query].p50,
          'ratio',
          { op: '<=', value: SCALE_GOALS.growth1mOver10k },
        ),
      ]),
    );
    if (analyzed) {
      figures.push(
        figure(
          `scale.${key}.summaryGrowthAnalyzed`,
          `${engine}: dashboard summary growth ${label}, after ANALYZE`,
          analyzed.summary.p50 / small.summary.p50,
          'ratio',
          { op: '<=', value: SCALE_GOALS.growth1mOver10k },
        ),
      );
    }
  }
  return { figures, tables, notes, data: engines };
}
