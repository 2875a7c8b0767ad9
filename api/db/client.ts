import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, PGlite, protocol, types } from '@electric-sql/pglite';
import pg from 'pg';
import { ApiError } from '../lib/errors';
import { plain, prepareDataDir, tighten } from './data-dir';
import { acquireDataDirLock, DataDirError, type DataDirLock } from './data-dir-lock';

/** What the modules need from a database: the same code runs on PGlite and on a PostgreSQL server. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * A hot statement outside any transaction, prepared once per connection under `name`, then only bound
   * and executed: no parsing or planning per call (POST /api/reports). One name, one text, always.
   * Optional: a wrapper without it (a transaction seen as a Db) falls back to `query`.
   */
  prepared?<T = Record<string, unknown>>(name: string, sql: string, params: unknown[]): Promise<T[]>;
}

export { acquireDataDirLock, DataDirError };

/**
 * PGlite starts PostgreSQL with `-F` (fsync off). We drop it so PostgreSQL asks for every flush it would
 * ask for on a server. In Node, PGlite writes through Emscripten's NODEFS, which (PGlite 0.5.16) turns
 * fsync into a no-op: a committed transaction is in the OS page cache at once, so it survives the process
 * being killed (tested in tests/e2e/crash-safety), but a power cut or kernel crash may lose the last
 * seconds of writes. Production with data that matters: PostgreSQL through DATABASE_URL (README).
 */
const durableStartParams = PGlite.defaultStartParams.filter((param) => param !== '-F');

/**
 * PGlite on `<dataDir>/pgdata`, locked for this process, refusing a corrupt directory. Tools that need
 * PGlite itself (npm run backup / restore, api/cli) use this; the app uses openPglite.
 * `loadDataDir`: a tarball from dumpDataDir() to load into an empty pgdata (restore).
 */
export async function openPgliteDataDir(
  dataDir: string,
  options: { loadDataDir?: Blob; lock?: DataDirLock } = {},
): Promise<{ pglite: PGlite; pgdata: string; release(): void }> {
  const root = resolve(dataDir);
  // made 0700, refused when others may read it, refused in one sentence when it cannot be written
  if (!options.lock) prepareDataDir(root);
  // PGlite has no lock of its own: two processes on one directory corrupt it. (`lock`: already held.)
  let lock: DataDirLock;
  try {
    lock = options.lock ?? acquireDataDirLock(root);
  } catch (error) {
    throw error instanceof DataDirError ? error : plain(root, error);
  }
  const pgdata = join(root, 'pgdata');
  try {
    assertNotCorrupt(pgdata);
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    const pglite = await PGlite.create(pgdata, { startParams: durableStartParams, loadDataDir: options.loadDataDir });
    tighten(root);
    return { pglite, pgdata, release: () => lock.release() };
  } catch (cause) {
    lock.release();
    if (options.loadDataDir)
      throw new DataDirError(`The backup could not be loaded into ${pgdata} (${String(cause)}).`);
    throw new DataDirError(
      `The database in ${pgdata} could not be opened (${String(cause)}). ` +
        'It has not been touched. Restore it from a backup (npm run restore) or move it aside.',
    );
  }
}

/**
 * PostgreSQL cannot store U+0000 in text (22021) or as a `\u0000` escape in jsonb (22P05). Such a
 * character can only come from what a client sent (a description, a note, a query parameter), so it is
 * the client's mistake: a 400, never a 500 (found by tests/api/fuzz.test.ts). Nothing is stored: the
 * error aborts the statement and its transaction.
 */
function refuseUnstorableText(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '22021' || code === '22P05') {
    throw new ApiError(
      400,
      'invalid_character',
      'The request contains a character that cannot be stored (U+0000). Remove it and try again.',
    );
  }
  throw error;
}

/**
 * PGlite keeps its files in `<dataDir>/pgdata`; `null` means in memory (tests), started from `loadDataDir`
 * (a tarball from dumpDataDir()) when given.
 */
export async function openPglite(dataDir: string | null, memory: { loadDataDir?: Blob } = {}): Promise<Db> {
  let lock: Pick<DataDirLock, 'release'> | undefined;
  let pglite: PGlite;
  if (dataDir === null) {
    pglite = await PGlite.create({ loadDataDir: memory.loadDataDir });
  } else {
    const opened = await openPgliteDataDir(dataDir);
    pglite = opened.pglite;
    // files PGlite wrote while running (with its own modes) are the owner's only once it has closed
    lock = { release: () => (tighten(resolve(dataDir)), opened.release()) };
  }
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params).catch(refuseUnstorableText)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql).catch(refuseUnstorableText);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pglite),
    prepared: pglitePrepared(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      await pglite.close();
      lock?.release();
    },
  };
}

/** A parameter in PostgreSQL's text format (what PGlite's own query() sends). */
function textParam(value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value; // sent in binary: bytea only
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return types.arraySerializer(value, (v: unknown) => String(textParam(v)), 0) as string;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | bigint);
}

/**
 * PGlite's query() costs six calls into WebAssembly (parse, describe, bind, describe, execute, sync) and
 * parses and plans the statement every time. Here: Parse once per name, then Bind + Execute + Sync in one
 * message, about half the cost of an insert (measured). It waits for any open transaction, like query().
 */
function pglitePrepared(pglite: PGlite) {
  const ready = new Set<string>();
  const { serialize } = protocol;
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return <T>(name: string, sql: string, params: unknown[]): Promise<T[]> =>
    pglite
      ._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          if (!ready.has(name)) {
            // alone, so that a failed Bind later can never leave a half-known statement behind
            await pglite.execProtocol(concat([serialize.parse({ name, text: sql }), serialize.sync()]));
            ready.add(name);
          }
          const { messages } = await pglite.execProtocol(
            concat([
              serialize.bind({ statement: name, values: params.map(textParam) }),
              serialize.describe({ type: 'P' }),
              serialize.execute({}),
              serialize.sync(),
            ]),
          );
          return (parse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) as T[];
        }),
      )
      .catch(refuseUnstorableText);
}

/**
 * A directory that holds files but no PG_VERSION is not a database we made: refuse it rather than let
 * PGlite run initdb over it and hand out an empty database.
 */
function assertNotCorrupt(pgdata: string) {
  if (!existsSync(pgdata)) return;
  const entries = readdirSync(pgdata);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new DataDirError(
      `${pgdata} is not a readable database (PG_VERSION is missing). ` +
        'Start-up stopped so that nothing is replaced. Restore it from a backup or move it aside.',
    );
  }
}

export async function openPostgres(url: string, options: { searchPath?: string; max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  });
  // fail at start-up, not at the first request
  await pool.query('select 1');
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await c.query(sql, params).catch(refuseUnstorableText)).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql).catch(refuseUnstorableText);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    // node-postgres prepares a named statement once per pooled connection
    prepared: async <T>(name: string, sql: string, params: unknown[]) =>
      (await pool.query({ name, text: sql, values: params }).catch(refuseUnstorableText)).rows as T[],
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openDb(config: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}
