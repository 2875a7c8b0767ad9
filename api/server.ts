import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { DataDirError, openDb } from './db/client';
import { prepareDatabase } from './db/prepare';
import { applyRetention } from './modules/retention/retention';
import { timedDb } from './db/timed';
import { readEnv } from './env';
import { keepIdleConnections } from './lib/keep-alive';
import { createLogger } from './lib/log';
import { createMetrics } from './lib/metrics';
import { sweepRateLimits } from './lib/rate-limit';
import { startAlertWorker } from './modules/alerts/alerts.worker';
import { createMailer } from './modules/alerts/mail';
import { loadVapidKeys } from './modules/alerts/push';
import { sweepSignInAttempts } from './modules/auth/throttle';
import { prepareTotpSecrets, TotpKeyError } from './modules/auth/totp-secrets';
import type { ServerState } from './deps';

/** The Node entry: the only file that listens. Built to build/server/server.js (see vite.config.ts). */
async function main() {
  // everything this process creates (the database's files, keys, backups) is for its own user only
  process.umask(0o077);
  const env = readEnv();
  const log = createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const metrics = createMetrics();
  const db = timedDb(await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }), (seconds) =>
    metrics.dbQueryDuration.observe(seconds),
  );
  await prepareDatabase(db);
  await prepareTotpSecrets(env, db);

  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = env.STATIC_DIR ?? resolve(here, '../../dist');
  if (!existsSync(resolve(staticDir, 'index.html'))) {
    log.warn(`No built app in ${staticDir}: serving the API only (run npm run build).`);
  }
  // made (or read) now, so that a key file that cannot be written stops the start, not the first push
  loadVapidKeys(env);
  const mailer = createMailer(env, (line) => log.info(line));
  if (mailer.mode === 'log')
    log.warn('SMTP_URL is not set: alert emails are written to this log only, not sent (README: Alerts).');
  const alerts = startAlertWorker({ db, env, mailer, log });
  // the oldest alert still waiting: an event not yet fanned out, or a delivery not yet sent
  metrics.gauge('alerts_oldest_unsent_seconds', 'Age of the oldest staff or push alert not yet sent.', async () => {
    const [row] = await db.query<{ age: number | null }>(
      `select extract(epoch from now() - least(
         (select min(created_at) from alert_events where expanded_at is null),
         (select min(created_at) from alert_deliveries where state in ('pending', 'sending'))))::float8 as age`,
    );
    return row?.age ?? 0;
  });
  const state: ServerState = { stopping: false };
  const app = createApp(
    { db, env, log, metrics, alerts, state },
    // the build's compressed copies of dist/ lie beside this bundle (vite.config.ts, compressedDist)
    { staticDir: existsSync(staticDir) ? staticDir : undefined, compressedDir: resolve(here, 'compressed') },
  );

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const where = db.kind === 'pglite' ? `PGlite in ${resolve(env.DATA_DIR)}` : 'PostgreSQL';
    log.info(
      `Care Leaver Hub listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${info.port} (${where})`,
    );
  });

  keepIdleConnections(server);

  // Retention: a minute after start, then once a day. On PGlite the server owns the data
  // directory, so it runs it itself; `npm run retention` is the same for a stopped server or PostgreSQL.
  const retention = () =>
    applyRetention(db, { days: env.RETENTION_DAYS }).then(
      (r) => {
        metrics.retentionRuns.inc({ result: 'ok' });
        log.info({ reports: r.reports, photos: r.photos }, 'retention ran');
      },
      (error: unknown) => {
        metrics.retentionRuns.inc({ result: 'failed' });
        log.error({ err: { message: (error as Error).message, stack: (error as Error).stack } }, 'retention failed');
      },
    );
  // Rate-limit buckets that are full again and sign-in counts a day old say nothing: swept hourly.
  const sweep = () =>
    Promise.all([sweepRateLimits(db), sweepSignInAttempts(db)]).catch((error: unknown) =>
      log.error({ err: { message: (error as Error).message } }, 'sweeping limits failed'),
    );
  const timers = [
    setTimeout(() => void retention(), 60_000),
    setInterval(() => void retention(), 24 * 60 * 60 * 1000),
    setInterval(() => void sweep(), 60 * 60 * 1000),
  ];
  for (const timer of timers) timer.unref();

  const stop = (signal: string) => {
    if (state.stopping) return;
    // readiness says 503 from now on; during the grace period the server still serves, so that a load
    // balancer sees it and stops sending before the listener closes
    state.stopping = true;
    for (const timer of timers) clearTimeout(timer);
    log.info(
      `${signal}: ${env.SHUTDOWN_GRACE_SECONDS ? `${env.SHUTDOWN_GRACE_SECONDS} s of grace, then ` : ''}finishing open requests, then closing the database`,
    );
    setTimeout(() => {
      // a request still open after 10 s does not hold the database hostage
      const timer = setTimeout(() => process.exit(1), 10_000);
      timer.unref();
      server.close(async () => {
        await alerts.stop();
        await db.close();
        process.exit(0);
      });
    }, env.SHUTDOWN_GRACE_SECONDS * 1000);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Start-up refusals are said in one sentence; a file-system error names the path and its code, never a stack. */
function cannotStart(error: unknown): string | null {
  if (error instanceof DataDirError || error instanceof TotpKeyError) return error.message;
  const e = error as NodeJS.ErrnoException | null;
  if (e && typeof e.code === 'string' && typeof e.path === 'string') {
    const why: Record<string, string> = {
      EACCES: 'this user may not use it',
      EPERM: 'this user may not use it',
      EROFS: 'it is on a read-only file system',
      ENOSPC: 'the disk is full',
      ENOENT: 'it does not exist',
    };
    return `${e.path} cannot be used${why[e.code] ? `: ${why[e.code]}` : ''} (${e.code}).`;
  }
  return null;
}

main().catch((error: unknown) => {
  const sentence = cannotStart(error);
  console.error(sentence ? `Cannot start: ${sentence}` : error);
  process.exit(1);
});
