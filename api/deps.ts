import type { Db } from './db/client';
import type { Env } from './env';
import type { Logger } from './lib/log';
import type { Metrics } from './lib/metrics';

/** What every module is given by createApp (app.ts): the database, the settings, and the server's tools. */
export interface AppDeps {
  db: Db;
  env: Env;
  /** The server's logger; tests and tools that build an app leave it out (nothing is logged). */
  log?: Logger;
  /** The server's metrics; made by createApp when left out. */
  metrics?: Metrics;
  /** The alert worker, when this process runs one: told at once about a new report or update. */
  alerts?: { kick(): void };
  /** The server's life, set by server.ts (tests and tools run without one). */
  state?: ServerState;
}

/** Set by server.ts when shutdown starts: readiness (GET /api/health) says 503 from then on. */
export interface ServerState {
  stopping: boolean;
}
