import { createApp } from '../../api/app';
import { defaultEnv, type Env } from '../../api/env';
import { oncePerFile } from './once-per-file';
import { createTestDb } from './test-db';

/** The whole Hono app on a fresh real database; call `close()` in afterAll. */
export async function createTestApp(env: Partial<Env> = {}) {
  const db = await createTestDb();
  // per-client rate limits are off unless a test asks for them (tests/api/limits.test.ts): every
  // app.request comes from the same unknown client
  const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off', ...env }) });
  return { app, db, close: () => db.dropAll() };
}

/** What `createTestApp` gives: the app, its database, and `close()`. */
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * Starts the calling test file's app once (in beforeAll, then `prepare` seeds it) and closes it in afterAll.
 * `app` and `db` are read when a test runs, after the start.
 */
export function startTestApp(prepare: (t: TestApp) => Promise<void> = async () => {}) {
  const current = oncePerFile('the test app', createTestApp, prepare);
  return {
    get app() {
      return current().app;
    },
    get db() {
      return current().db;
    },
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
