/**
 * /api/health is readiness (a load balancer sends traffic only while it says 200) and /api/health/live is
 * liveness (restart the process only when this stops answering). Readiness checks what a report needs to
 * be stored: a database write read back, room on the disk of DATA_DIR, the migrations this server expects.
 * One check runs at a time and its answer is reused for a second, so probes cannot load the database.
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Hono } from 'hono';
import type { Health, Liveness } from '#contract';
import type { AppDeps } from '../../deps';
import { migrations } from '../../db/migrate';
import pkg from '../../../package.json';

const REUSE_MS = 1000;

export const health = ({ db, env, state, log }: Pick<AppDeps, 'db' | 'env' | 'state' | 'log'>) => {
  const minFreeBytes = env.HEALTH_MIN_FREE_MB * 1024 * 1024;
  const dataDir = resolve(env.DATA_DIR);

  async function databaseWorks(): Promise<Health['checks']['database']> {
    try {
      const written = new Date();
      const [row] = await db.query<{ at: Date | string }>(
        `insert into health_probe (id, at) values (1, $1) on conflict (id) do update set at = excluded.at returning at`,
        [written.toISOString()],
      );
      // and a read of the reports themselves, through their index
      await db.query('select id from reports order by received_at desc limit 1');
      return row && new Date(row.at).getTime() === written.getTime() ? 'ok' : 'failed';
    } catch (error) {
      log?.error({ err: { message: (error as Error).message } }, 'health: the database check failed');
      return 'failed';
    }
  }

  async function migrationsApplied(): Promise<Health['checks']['migrations']> {
    try {
      const applied = new Set((await db.query<{ id: string }>('select id from schema_migrations')).map((r) => r.id));
      return migrations.every((m) => applied.has(m.id)) ? 'current' : 'behind';
    } catch {
      return 'unknown';
    }
  }

  /** Free bytes for this user on the disk of DATA_DIR (or of its nearest existing parent, on PostgreSQL). */
  async function diskFree(): Promise<number | null> {
    for (let dir = dataDir; ; dir = dirname(dir)) {
      try {
        const stats = await statfs(dir);
        return Number(stats.bavail) * Number(stats.bsize);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) return null;
      }
    }
  }

  async function check(): Promise<Health> {
    const [database, migrationsState, free] = await Promise.all([databaseWorks(), migrationsApplied(), diskFree()]);
    const disk = free === null ? 'unknown' : free < minFreeBytes ? 'low' : 'ok';
    const failing = database !== 'ok' || migrationsState !== 'current' || disk === 'low';
    return {
      status: failing ? 'failing' : 'ok',
      database: db.kind,
      version: pkg.version,
      checks: { database, diskFreeBytes: free, disk, migrations: migrationsState },
    };
  }

  let last: { at: number; result: Promise<Health> } | undefined;
  const checked = () => {
    const now = Date.now();
    if (!last || now - last.at > REUSE_MS) last = { at: now, result: check() };
    return last.result;
  };

  return new Hono()
    .get('/', async (c) => {
      const result = await checked();
      if (state?.stopping) return c.json({ ...result, status: 'stopping' } satisfies Health, 503);
      return c.json(result, result.status === 'ok' ? 200 : 503);
    })
    .get('/live', (c) => c.json({ status: 'ok' } satisfies Liveness));
};
