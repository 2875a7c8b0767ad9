import { createApp } from '../../api/app';
import type { Db } from '../../api/db/client';
import { defaultEnv, type Env } from '../../api/env';
import { startAlertWorker, type AlertWorker } from '../../api/modules/alerts/alerts.worker';
import { createMailer } from '../../api/modules/alerts/mail';
import { createTestDb } from './test-db';

/**
 * The alert tests' server: the app on a fresh real database with its own alert worker polling every 0.2 s
 * (no rate limits, links to http://localhost). A test may stop the worker and start another
 * (`rig.worker = rig.startWorker()`): the app always wakes the one in `worker`. Call `stop()` in afterAll.
 */
export async function startAlertApp(overrides: Partial<Env> = {}) {
  const db = await createTestDb();
  const env = defaultEnv({
    NODE_ENV: 'test',
    RATE_LIMIT: 'off',
    ALERT_POLL_SECONDS: 0.2,
    PUBLIC_ORIGIN: 'http://localhost',
    ...overrides,
  });
  /** Another worker with this configuration, on this database or another connection to it. */
  const startWorker = (on: Db = db): AlertWorker =>
    startAlertWorker({ db: on, env, mailer: createMailer(env, () => undefined) });
  const rig = {
    db,
    env,
    worker: startWorker(),
    startWorker,
    app: undefined as unknown as ReturnType<typeof createApp>,
    async stop() {
      await rig.worker.stop();
      await db.dropAll();
    },
  };
  rig.app = createApp({ db, env, alerts: { kick: () => rig.worker.kick() } });
  return rig;
}
