/**
 * The alert worker of one server: every ALERT_POLL_SECONDS it fans out new events and sends what is due;
 * every minute it scans deadlines and the digest hour. Safe with any number of servers on one database
 * (alert-fanout.ts, alert-sender.ts). `kick()` runs a pass now (a new report need not wait for the timer).
 */
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { silentLogger, type Logger } from '../../lib/log';
import { fanOut } from './alert-fanout';
import { scanDeadlines, scanDigest } from './alert-scan';
import { markAbandoned, sendDue } from './alert-sender';
import type { Mailer } from './mail';
import { loadVapidKeys, type VapidKeys } from './push';

export interface AlertWorker {
  /** one pass now (and the scan when `scan`); resolves when it is done */
  runOnce(options?: { scan?: boolean }): Promise<void>;
  kick(): void;
  stop(): Promise<void>;
}

/** Events fanned out per transaction (fanOut's own default). */
const FANOUT_BATCH = 50;
/** Deliveries sent (one claim each) between two pauses. */
const SEND_BATCH = 50;
/**
 * The pause after a full batch. On PGlite the database runs inside this process: its queries never wait
 * for anything outside it, so a backlog drained without a pause would hold the one connection, and the
 * event loop itself, until its last alert; requests would not even be accepted. A pause between batches
 * lets the requests that came meanwhile in (and their queries ahead of the next batch).
 */
const BATCH_PAUSE_MS = 5;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, BATCH_PAUSE_MS));

export function originFor(env: Pick<Env, 'PUBLIC_ORIGIN' | 'PORT'>) {
  return (env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

export function startAlertWorker(deps: {
  db: Db;
  env: Env;
  mailer: Mailer;
  log?: Logger;
  timers?: boolean;
}): AlertWorker {
  const { db, env, mailer } = deps;
  const log = deps.log ?? silentLogger();
  let vapid: VapidKeys | undefined;
  const sender = {
    db,
    mailer,
    log,
    vapid: () => (vapid ??= loadVapidKeys(env)),
    vapidSubject: env.VAPID_SUBJECT,
    giveUpMinutes: env.ALERT_GIVE_UP_MINUTES,
  };
  const origin = originFor(env);
  let running: Promise<void> | null = null;
  let again = false;
  let lastScan = 0;
  let stopped = false;

  async function pass(scan: boolean) {
    if (scan) {
      await scanDeadlines(db);
      await scanDigest(db, env.ALERT_DIGEST_HOUR);
      await markAbandoned(db);
    }
    // a pause only after a full batch, when more is likely waiting: a lone new alert still goes at once
    while (!stopped) {
      const n = await fanOut(db, origin, FANOUT_BATCH);
      if (n === 0) break;
      if (n === FANOUT_BATCH) await pause();
    }
    for (let sent = 1; !stopped && (await sendDue(sender)) > 0; sent++) {
      if (sent % SEND_BATCH === 0) await pause();
    }
  }

  function runOnce(options: { scan?: boolean } = {}): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    const scan = options.scan ?? Date.now() - lastScan >= 60_000;
    if (scan) lastScan = Date.now();
    running = pass(scan)
      .catch((error: unknown) => log.error({ err: error }, 'alerts: a pass failed (it is tried again)'))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void runOnce({ scan: false });
        }
      });
    return running;
  }

  const timer = deps.timers === false ? undefined : setInterval(() => void runOnce(), env.ALERT_POLL_SECONDS * 1000);
  timer?.unref();
  if (deps.timers !== false) void runOnce();

  return {
    runOnce,
    kick: () => void runOnce({ scan: false }),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      mailer.close();
    },
  };
}
