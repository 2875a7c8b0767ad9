/**
 * Section 3: API throughput with autocannon on loopback, 20 connections: GET /api/health (the framework's
 * ceiling here), GET /api/reports/{code}, POST /api/reports (JSON, a fresh Idempotency-Key per request)
 * and GET /api/dashboard/summary (signed in). On PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import autocannon, { type Request, type Result } from 'autocannon';
import type { BenchContext } from './context';
import { THROUGHPUT_GOALS } from './goals';
import { createBenchSchema } from './postgres';
import { newKey, sampleReport } from './report-body';
import { figure, type Figure, type SectionResult, type Table } from './results';
import { startServer, type BenchServer } from './server';
import { createCommissioner, signIn, BENCH_COMMISSIONER, type StaffSession } from './staff';

interface Run {
  endpoint: string;
  reqPerS: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

async function cannon(url: string, durationS: number, requests: Request[]): Promise<Result> {
  return autocannon({ url, connections: THROUGHPUT_GOALS.connections, duration: durationS, timeout: 10, requests });
}

/** Reports to look up by tracking code (made through the API, so the codes are real). */
async function makeReports(baseUrl: string, n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${baseUrl}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey('bench-lookup') },
      body: JSON.stringify(sampleReport(i)),
    });
    if (res.status !== 201) throw new Error(`POST /api/reports answered ${res.status}: ${await res.text()}`);
    codes.push(((await res.json()) as { trackingCode: string }).trackingCode);
  }
  return codes;
}

async function measureEngine(
  server: BenchServer,
  session: StaffSession | null,
  durationS: number,
  log: (m: string) => void,
): Promise<Run[]> {
  const codes = await makeReports(server.url, 50);
  let next = 0;
  const postBody = JSON.stringify(sampleReport(1));
  const endpoints: { endpoint: string; requests: Request[] }[] = [
    { endpoint: 'GET /api/health', requests: [{ method: 'GET', path: '/api/health' }] },
    {
      endpoint: 'GET /api/reports/{code}',
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/reports/${codes[next++ % codes.length]}` }) },
      ],
    },
    {
      endpoint: 'POST /api/reports (JSON)',
      requests: [
        {
          method: 'POST',
          path: '/api/reports',
          body: postBody,
          setupRequest: (req) => ({
            ...req,
            headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
          }),
        },
      ],
    },
  ];
  if (session) {
    endpoints.push({
      endpoint: 'GET /api/dashboard/summary',
      requests: [{ method: 'GET', path: '/api/dashboard/summary', headers: { cookie: session.header } }],
    });
  }
  const runs: Run[] = [];
  for (const e of endpoints) {
    await cannon(server.url, Math.min(2, durationS), e.requests); // warm-up (JIT, caches, pools), not counted
    const r = await cannon(server.url, durationS, e.requests);
    const run = {
      endpoint: e.endpoint,
      reqPerS: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      ok: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    };
    log(
      `   ${e.endpoint}: ${Math.round(run.reqPerS)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}`,
    );
    runs.push(run);
  }
  return runs;
}

export async function throughputSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const durationS = ctx.quick ? 3 : 10;
  const engines: { engine: string; runs: Run[] }[] = [];
  const notes: string[] = [
    `autocannon 9.0.0 in the bench process, ${THROUGHPUT_GOALS.connections} connections, ${durationS} s per endpoint after a 2 s warm-up; the server is one Node process on the same 2 cores (so the load generator takes CPU from the server: absolute figures are a floor).`,
    'The server runs with RATE_LIMIT=off (api/env.ts): with the per-client limits on, one load generator on one address would get mostly 429s.',
    "req/s is autocannon's mean of per-second samples; latency percentiles are over every request.",
  ];

  ctx.log('   PGlite');
  engines.push({
    engine: 'PGlite',
    runs: await measureEngine(ctx.server, await ctx.staffSession(), durationS, ctx.log),
  });

  if (ctx.databaseUrl) {
    ctx.log('   PostgreSQL');
    const schema = await createBenchSchema(ctx.databaseUrl, 'tp');
    const password = await createCommissioner(schema.db);
    const server = await startServer({ databaseUrl: schema.url });
    try {
      const session = await signIn(server.url, BENCH_COMMISSIONER.email, password);
      engines.push({ engine: 'PostgreSQL', runs: await measureEngine(server, session, durationS, ctx.log) });
    } finally {
      await server.dispose();
      await schema.drop();
    }
  } else {
    notes.push('PostgreSQL: not measured (set DATABASE_URL=postgres://… to add it).');
  }

  const tables: Table[] = [];
  const figures: Figure[] = [];
  for (const { engine, runs } of engines) {
    const ceiling = runs[0]!.reqPerS;
    tables.push({
      title: `${engine}`,
      head: ['endpoint', 'req/s', 'p50', 'p99', 'share of ceiling', '2xx', 'non-2xx', 'errors'],
      rows: runs.map((r) => [
        r.endpoint,
        Math.round(r.reqPerS),
        `${r.p50} ms`,
        `${r.p99} ms`,
        `${((r.reqPerS / ceiling) * 100).toFixed(0)} %`,
        r.ok,
        r.non2xx,
        r.errors,
      ]),
    });
    const post = runs.find((r) => r.endpoint.startsWith('POST'))!;
    const key = engine === 'PGlite' ? 'pglite' : 'postgres';
    figures.push(
      figure(`throughput.${key}.health`, `${engine}: GET /api/health (ceiling)`, ceiling, 'req/s'),
      figure(
        `throughput.${key}.postShare`,
        `${engine}: POST /api/reports, share of ceiling (${Math.round(post.reqPerS)} req/s)`,
        post.reqPerS / ceiling,
        'share',
        { op: '>=', value: THROUGHPUT_GOALS.postShareOfCeiling },
      ),
      figure(
        `throughput.${key}.postP99`,
        `${engine}: POST /api/reports p99 at ${THROUGHPUT_GOALS.connections} connections`,
        post.p99,
        'ms',
        { op: '<=', value: THROUGHPUT_GOALS.postP99Ms },
      ),
    );
    if (post.non2xx > 0 || post.errors > 0)
      notes.push(`${engine}: POST had ${post.non2xx} non-2xx answers and ${post.errors} errors.`);
  }
  return { figures, tables, notes, data: engines };
}
