/**
 * Section 6: 200 concurrent report submissions with a photo (multipart, a small
 * generated JPEG) for 60 s on loopback, against a fresh server of its own. Each simulated phone sends a
 * report, retries it with the same Idempotency-Key after a timeout, a network error or a 5xx (as the
 * outbox does), then sends the next one. When the time is up, the reports still unacknowledged are
 * retried until acknowledged. Then the server is stopped and its database checked: every acknowledged
 * report stored exactly once, with its photo, under the tracking code the phone was given. The server's
 * resident memory is sampled every 500 ms.
 * Over 300 lines: the load, its retries and the final database check are one measurement, read top to bottom.
 */
import type { Db } from '../../api/db/client';
import { openPglite } from '../../api/db/client';
import type { BenchContext } from './context';
import { LOAD_GOALS } from './goals';
import { createBenchSchema } from './postgres';
import { multipartBody, newKey, sampleReport, smallJpeg } from './report-body';
import { figure, type Figure, type SectionResult, type Table } from './results';
import { startServer, type BenchServer } from './server';

interface Outcome {
  key: string;
  /** tracking code from the 201, once acknowledged */
  code?: string;
  attempts: number;
  statuses: number[];
  /** why attempts without an answer failed (timeout, ECONNRESET …) */
  errors: string[];
  replayed: boolean;
}

interface EngineLoad {
  engine: string;
  sent: number;
  acknowledgedInWindow: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  wrongCode: number;
  missingPhoto: number;
  rejected: number;
  retries: number;
  statusCounts: Record<string, number>;
  latencyP50: number;
  latencyP99: number;
  ackPerS: number;
  rss: { t: number; mb: number }[];
  rssStartMb: number;
  rssPeakMb: number;
  rssMidMb: number;
  rssEndMb: number;
  storedRows: number;
}

/** As the phone's outbox (web/features/housing-reports/outbox.ts); the backoff capped lower for the bench. */
const SEND_TIMEOUT_MS = 90_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 16_000;

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

async function post(
  url: string,
  body: Buffer,
  contentType: string,
  key: string,
  timeoutMs: number,
): Promise<{ status: number; code?: string; replayed: boolean; retryAfterS?: number; error?: string }> {
  try {
    const res = await fetch(`${url}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Idempotency-Key': key },
      body: body as unknown as BodyInit, // a Buffer is a Uint8Array; TypeScript's DOM types are stricter than fetch
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const code = res.status === 201 ? (JSON.parse(text) as { trackingCode: string }).trackingCode : undefined;
    return {
      status: res.status,
      code,
      replayed: res.headers.get('idempotency-replayed') === 'true',
      retryAfterS: Number(res.headers.get('retry-after')) || undefined,
    };
  } catch (error) {
    // a timeout or a network error: the phone does not know whether the report arrived
    const e = error as { name?: string; cause?: { code?: string } };
    return {
      status: 0,
      replayed: false,
      error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name ?? 'network'),
    };
  }
}

async function runLoad(server: BenchServer, durationS: number, concurrency: number, log: (m: string) => void) {
  const photo = await smallJpeg();
  const runId = Date.now().toString(36);
  const outcomes = new Map<string, Outcome & { body: Buffer; contentType: string }>();
  const latencies: number[] = [];
  const rss: { t: number; mb: number }[] = [];
  const started = Date.now();
  const sample = setInterval(() => rss.push({ t: (Date.now() - started) / 1000, mb: server.rss() / 1024 / 1024 }), 500);
  rss.push({ t: 0, mb: server.rss() / 1024 / 1024 });
  const end = started + durationS * 1000;
  let n = 0;

  /** One attempt; true once acknowledged (201), false when it should be tried again. */
  const attempt = async (o: Outcome & { body: Buffer; contentType: string }): Promise<boolean | 'rejected'> => {
    o.attempts++;
    const t = performance.now();
    const r = await post(server.url, o.body, o.contentType, o.key, SEND_TIMEOUT_MS);
    latencies.push(performance.now() - t);
    o.statuses.push(r.status);
    if (r.error) o.errors.push(r.error);
    if (r.status === 201) {
      o.code = r.code;
      o.replayed ||= r.replayed;
      return true;
    }
    if (r.status !== 0 && r.status !== 408 && r.status !== 425 && r.status !== 429 && r.status < 500) return 'rejected'; // refused: a bug for a valid report
    // the outbox's backoff (web/features/housing-reports/outbox.ts): 2 s, 4 s, 8 s … ±20 %, or Retry-After
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (o.attempts - 1), BACKOFF_CAP_MS) * (0.8 + 0.4 * Math.random());
    await new Promise((res) => setTimeout(res, Math.max(backoff, (r.retryAfterS ?? 0) * 1000)));
    return false;
  };

  const phone = async () => {
    while (Date.now() < end) {
      const i = n++;
      const report = sampleReport(i);
      const { body, contentType } = multipartBody(report, photo);
      const o = {
        key: newKey(`load-${runId}`),
        attempts: 0,
        statuses: [] as number[],
        errors: [] as string[],
        replayed: false,
        body,
        contentType,
      };
      outcomes.set(o.key, o);
      while (Date.now() < end) {
        const done = await attempt(o);
        if (done) break; // acknowledged, or refused (counted below)
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, phone));
  const windowS = (Date.now() - started) / 1000;
  const acknowledgedInWindow = [...outcomes.values()].filter((o) => o.code).length;
  log(
    `   ${outcomes.size} reports sent, ${acknowledgedInWindow} acknowledged in ${windowS.toFixed(0)} s; retrying the rest`,
  );

  // the outbox keeps trying: everything not yet acknowledged (and not refused) is sent again
  for (let round = 0; round < 5; round++) {
    const pending = [...outcomes.values()].filter(
      (o) => !o.code && !o.statuses.some((s) => s >= 400 && s < 500 && s !== 429),
    );
    if (pending.length === 0) break;
    for (let i = 0; i < pending.length; i += 10) await Promise.all(pending.slice(i, i + 10).map((o) => attempt(o)));
  }
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sample);
  rss.push({ t: (Date.now() - started) / 1000, mb: server.rss() / 1024 / 1024 });
  return { outcomes, latencies, rss, windowS, acknowledgedInWindow };
}

async function check(db: Db, outcomes: Map<string, Outcome>, prefix: string) {
  const rows = await db.query<{ idempotency_key: string; tracking_code: string; photos: number }>(
    `select r.idempotency_key, r.tracking_code, (select count(*)::int from report_photos p where p.report_id = r.id) as photos
       from reports r where r.idempotency_key like $1`,
    [`${prefix}%`],
  );
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r]);
  let lost = 0;
  let wrongCode = 0;
  let missingPhoto = 0;
  for (const o of outcomes.values()) {
    if (!o.code) continue;
    const stored = byKey.get(o.key);
    if (!stored) lost++;
    else if (stored[0]!.tracking_code !== o.code) wrongCode++;
    else if (stored[0]!.photos !== 1) missingPhoto++;
  }
  // a duplicate: a report (one key) stored more than once, or a stored row no phone ever sent
  const duplicated =
    [...byKey.values()].reduce((a, list) => a + list.length - 1, 0) +
    [...byKey.keys()].filter((k) => !outcomes.has(k)).length;
  return { lost, wrongCode, missingPhoto, duplicated, storedRows: rows.length };
}

async function loadOnEngine(
  engine: 'PGlite' | 'PostgreSQL',
  ctx: BenchContext,
  durationS: number,
  concurrency: number,
): Promise<EngineLoad> {
  const schema = engine === 'PostgreSQL' ? await createBenchSchema(ctx.databaseUrl!, 'load') : null;
  const server = await startServer(schema ? { databaseUrl: schema.url } : {});
  try {
    const { outcomes, latencies, rss, windowS, acknowledgedInWindow } = await runLoad(
      server,
      durationS,
      concurrency,
      ctx.log,
    );
    await server.stop();
    const prefix = [...outcomes.keys()][0]?.replace(/-[0-9a-f-]{36}$/, '') ?? 'load-';
    let result;
    if (schema) result = await check(schema.db, outcomes, prefix);
    else {
      const db = await openPglite(server.dataDir!);
      try {
        result = await check(db, outcomes, prefix);
      } finally {
        await db.close();
      }
    }
    const all = [...outcomes.values()];
    const statusCounts: Record<string, number> = {};
    for (const o of all) {
      for (const s of o.statuses) if (s !== 0) statusCounts[String(s)] = (statusCounts[String(s)] ?? 0) + 1;
      for (const e of o.errors) statusCounts[e] = (statusCounts[e] ?? 0) + 1;
    }
    const mid = rss.filter((s) => s.t >= windowS / 2 - 5 && s.t <= windowS / 2 + 5).map((s) => s.mb);
    const tail = rss.filter((s) => s.t >= windowS - 10 && s.t <= windowS).map((s) => s.mb);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      engine,
      sent: all.length,
      acknowledgedInWindow,
      acknowledged: all.filter((o) => o.code).length,
      rejected: all.filter((o) => !o.code && o.statuses.some((s) => s >= 400 && s < 500 && s !== 429)).length,
      retries: all.reduce((a, o) => a + o.attempts - 1, 0),
      statusCounts,
      latencyP50: pct(latencies, 0.5),
      latencyP99: pct(latencies, 0.99),
      ackPerS: acknowledgedInWindow / windowS,
      rss,
      rssStartMb: rss[0]!.mb,
      rssPeakMb: Math.max(...rss.map((s) => s.mb)),
      rssMidMb: avg(mid),
      rssEndMb: avg(tail),
      ...result,
    };
  } finally {
    await server.dispose();
    await schema?.drop();
  }
}

export async function loadSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const durationS = ctx.quick ? 10 : LOAD_GOALS.durationS;
  const concurrency = LOAD_GOALS.concurrency;
  const engines: EngineLoad[] = [];
  for (const engine of ctx.databaseUrl ? (['PGlite', 'PostgreSQL'] as const) : (['PGlite'] as const)) {
    ctx.log(`   ${engine}: ${concurrency} phones for ${durationS} s`);
    const r = await loadOnEngine(engine, ctx, durationS, concurrency);
    ctx.log(
      `   ${engine}: sent ${r.sent}, acknowledged ${r.acknowledged}, lost ${r.lost}, duplicated ${r.duplicated}, RSS peak ${r.rssPeakMb.toFixed(0)} MB`,
    );
    engines.push(r);
  }
  const figures: Figure[] = [];
  const tables: Table[] = [
    {
      title: 'Submissions',
      head: [
        'engine',
        'reports sent',
        'acknowledged when the phones stopped',
        'acknowledged after retries',
        'acknowledged/s',
        'retries',
        'refused (4xx)',
        'POST p50',
        'POST p99',
        'answers',
      ],
      rows: engines.map((r) => [
        r.engine,
        r.sent,
        r.acknowledgedInWindow,
        r.acknowledged,
        r.ackPerS.toFixed(1),
        r.retries,
        r.rejected,
        `${Math.round(r.latencyP50)} ms`,
        `${Math.round(r.latencyP99)} ms`,
        Object.entries(r.statusCounts)
          .map(([s, c]) => `${s}: ${c}`)
          .join(', '),
      ]),
    },
    {
      title: 'Checked in the database afterwards',
      head: ['engine', 'rows stored', 'lost', 'duplicated', 'wrong tracking code', 'photo missing'],
      rows: engines.map((r) => [r.engine, r.storedRows, r.lost, r.duplicated, r.wrongCode, r.missingPhoto]),
    },
    {
      title: 'Server memory (resident set)',
      head: ['engine', 'before', 'at half time', 'last 10 s', 'peak', 'after'],
      rows: engines.map((r) => [
        r.engine,
        `${r.rssStartMb.toFixed(0)} MB`,
        `${r.rssMidMb.toFixed(0)} MB`,
        `${r.rssEndMb.toFixed(0)} MB`,
        `${r.rssPeakMb.toFixed(0)} MB`,
        `${r.rss.at(-1)!.mb.toFixed(0)} MB`,
      ]),
    },
  ];
  for (const r of engines) {
    const k = r.engine === 'PGlite' ? 'pglite' : 'postgres';
    figures.push(
      figure(
        `load.${k}.acknowledged`,
        `${r.engine}: reports acknowledged (of ${r.sent} sent)`,
        r.acknowledged,
        'count',
        { op: '=', value: r.sent },
      ),
      figure(
        `load.${k}.lost`,
        `${r.engine}: acknowledged reports lost`,
        r.lost + r.wrongCode + r.missingPhoto,
        'count',
        { op: '=', value: LOAD_GOALS.lost },
      ),
      figure(`load.${k}.duplicated`, `${r.engine}: reports duplicated`, r.duplicated, 'count', {
        op: '=',
        value: LOAD_GOALS.duplicated,
      }),
      figure(
        `load.${k}.rssGrowth`,
        `${r.engine}: server memory, last 10 s over half time (peak ${r.rssPeakMb.toFixed(0)} MB)`,
        r.rssEndMb / r.rssMidMb,
        'ratio',
        { op: '<=', value: LOAD_GOALS.rssGrowth },
      ),
    );
  }
  return {
    figures,
    tables,
    notes: [
      `${concurrency} simulated phones in the bench process (Node fetch) start new reports for ${durationS} s, then finish what they have in flight ("when the phones stopped"); each sends one report at a time: multipart/form-data with the report JSON and one 640 × 480 JPEG; a fresh Idempotency-Key per report, the same key on every retry of it, with the outbox's policy (web/features/housing-reports/outbox.ts): 90 s timeout; after a timeout, a network error, 408, 425, 429 or 5xx a backoff of 2 s, 4 s, 8 s … ±20 % (capped at 16 s here), or Retry-After. RATE_LIMIT=off.`,
      'Lost = acknowledged (201) but not in the database, or stored under another tracking code, or without its photo. Duplicated = a key stored twice (the unique index forbids it) or a stored row no phone sent.',
      `Memory is bounded when the server's RSS in the last 10 s of the run is at most ${LOAD_GOALS.rssGrowth}× its RSS at half time (steady state, no growth with the number of reports).`,
    ],
    data: engines.map(({ rss, ...r }) => ({ ...r, rss: rss.filter((_, i) => i % 4 === 0) })),
  };
}
