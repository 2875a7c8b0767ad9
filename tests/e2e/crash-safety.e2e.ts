// Crash safety: the real server (a child process) takes a stream of report POSTs, each with
// its own Idempotency-Key, from clients that retry on network errors and 5xx as the phone's outbox does.
// The server is killed with SIGKILL mid-stream several times and restarted. Afterwards every report that
// got a 201 is stored exactly once — with the tracking code that 201 gave — and the retries delivered the
// rest. On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../api/db/client';
import { newReport } from '../helpers/reports';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';

const REPORTS = 200;
const CONCURRENCY = 8;
const KILLS = 4;

interface Figures {
  engine: string;
  sent: number;
  attempts: number;
  created: number;
  replayed: number;
  networkErrors: number;
  serverErrors: number;
  killsSurvived: number;
  lost: number;
  duplicates: number;
  restartMs: number[];
  streamMs: number;
}

/** Every 201 body seen for a key: a report is safe only if they all name the same stored report. */
type Answers = Map<string, { id: string; trackingCode: string }[]>;

async function stream(server: RunningServer, figures: Figures): Promise<Answers> {
  const answers: Answers = new Map();
  const bodies = Array.from({ length: REPORTS }, (_, i) => ({
    key: `crash-${randomUUID()}`,
    body: JSON.stringify(newReport({ description: `Crash-safety report ${i}: ${randomBytes(8).toString('hex')}` })),
  }));
  let next = 0;
  let acknowledged = 0;
  let serverDown = false;

  const send = async ({ key, body }: { key: string; body: string }) => {
    for (let attempt = 0; ; attempt++) {
      figures.attempts++;
      try {
        const res = await fetch(`${server.url}/api/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status === 201) {
          const created = (await res.json()) as { id: string; trackingCode: string };
          answers.set(key, [...(answers.get(key) ?? []), { id: created.id, trackingCode: created.trackingCode }]);
          if (res.headers.get('idempotency-replayed') === 'true') figures.replayed++;
          else figures.created++;
          return;
        }
        if (res.status < 500) throw new Error(`POST ${key} → ${res.status}: ${await res.text()}`);
        figures.serverErrors++;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('POST ')) throw error;
        figures.networkErrors++;
      }
      // the outbox's rule: network error or 5xx → retry with backoff (short here)
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** Math.min(attempt, 4)) * (serverDown ? 2 : 1)));
    }
  };

  const worker = async () => {
    while (next < bodies.length) {
      const item = bodies[next++]!;
      await send(item);
      acknowledged++;
      // a second, late retry of some reports (the service worker and the page racing)
      if (acknowledged % 7 === 0) await send(item);
    }
  };

  const killer = async () => {
    for (let k = 1; k <= KILLS; k++) {
      // kill at spread-out points of the stream, while requests are in flight
      const at = Math.floor((REPORTS * k) / (KILLS + 1));
      while (acknowledged < at) await new Promise((r) => setTimeout(r, 5));
      serverDown = true;
      const t0 = Date.now();
      await server.kill();
      await server.restart();
      figures.restartMs.push(Date.now() - t0);
      serverDown = false;
      figures.killsSurvived++;
    }
  };

  const started = Date.now();
  await Promise.all([killer(), ...Array.from({ length: CONCURRENCY }, worker)]);
  figures.streamMs = Date.now() - started;
  figures.sent = bodies.length;
  for (const { key } of bodies) expect(answers.get(key), `no 201 for ${key}`).toBeDefined();
  return answers;
}

/** Checks the stored rows against every 201 the clients saw, and fills in lost/duplicates. */
function check(
  rows: { idempotency_key: string; id: string; tracking_code: string }[],
  answers: Answers,
  figures: Figures,
) {
  const byKey = new Map<string, { id: string; tracking_code: string }[]>();
  for (const row of rows) byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row]);
  figures.duplicates = [...byKey.values()].reduce((n, list) => n + list.length - 1, 0);
  figures.lost = 0;
  for (const [key, seen] of answers) {
    const stored = byKey.get(key);
    // lost: a 201 was given, but the report it named is not the one (or not any) in the database
    if (
      !stored ||
      seen.some((answer) => answer.id !== stored[0]!.id || answer.trackingCode !== stored[0]!.tracking_code)
    ) {
      figures.lost++;
    }
  }
  console.log(
    `crash safety (${figures.engine}): reports sent ${figures.sent}, attempts ${figures.attempts} ` +
      `(${figures.networkErrors} network errors, ${figures.serverErrors} 5xx, ${figures.replayed} replayed 201s), ` +
      `kills survived ${figures.killsSurvived}, lost ${figures.lost}, duplicates ${figures.duplicates}, rows ${rows.length}; ` +
      `stream ${(figures.streamMs / 1000).toFixed(1)} s, restarts ${figures.restartMs.map((ms) => (ms / 1000).toFixed(1)).join('/')} s`,
  );
  expect(figures.killsSurvived).toBeGreaterThanOrEqual(3);
  expect(figures.lost).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(rows.filter((r) => answers.has(r.idempotency_key))).toHaveLength(figures.sent);
}

const newFigures = (engine: string): Figures => ({
  engine,
  sent: 0,
  attempts: 0,
  created: 0,
  replayed: 0,
  networkErrors: 0,
  serverErrors: 0,
  killsSurvived: 0,
  lost: 0,
  duplicates: 0,
  restartMs: [],
  streamMs: 0,
});

/** The API only: restarts do not spend seconds compressing the web app (the static files play no part here). */
const emptyStaticDir = () => mkdtempSync(join(tmpdir(), 'clh-crash-static-'));

const ROWS_SQL = 'select idempotency_key, id::text as id, tracking_code from reports';

describe('crash safety: SIGKILL mid-stream, restart, retries', () => {
  it('on PGlite: every 201 stored exactly once, the rest delivered by retries', async () => {
    const dataDir = await freshDataDir(); // migrated: the restarts are what is timed here, not initdb
    const env: Record<string, string> = { RATE_LIMIT: 'off', STATIC_DIR: emptyStaticDir() };
    const server = await startServer({ dataDir, env });
    const figures = newFigures('PGlite');
    try {
      const answers = await stream(server, figures);
      await server.stop();
      // the server is stopped: count by idempotency key straight from its data directory
      const db = await openPglite(dataDir);
      try {
        check(await db.query(ROWS_SQL), answers, figures);
      } finally {
        await db.close();
      }
    } catch (error) {
      throw new Error(`${String(error)}\n--- server output ---\n${server.output().slice(-4000)}`, { cause: error });
    } finally {
      await server.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (databaseUrl) {
    it('on PostgreSQL: every 201 stored exactly once, the rest delivered by retries', async () => {
      const schema = `crash_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const dataDir = mkdtempSync(join(tmpdir(), 'clh-crash-pg-'));
      const server = await startServer({
        dataDir,
        env: { RATE_LIMIT: 'off', STATIC_DIR: emptyStaticDir(), DATABASE_URL: url.toString() },
      });
      const figures = newFigures('PostgreSQL');
      try {
        expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ database: 'postgres' });
        const answers = await stream(server, figures);
        await server.stop();
        check((await admin.query(ROWS_SQL.replace('from reports', `from ${schema}.reports`))).rows, answers, figures);
      } catch (error) {
        throw new Error(`${String(error)}\n--- server output ---\n${server.output().slice(-4000)}`, { cause: error });
      } finally {
        await server.stop().catch(() => undefined);
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 180_000);
  }
});
