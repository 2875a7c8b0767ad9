import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';

/**
 * The vitest project sets TEST_DB_ENGINE: 'api' runs on PGlite, 'api-postgres' runs the same files on the
 * server at TEST_DATABASE_URL, each file in its own schema.
 */
export const testDatabaseUrl = process.env.TEST_DB_ENGINE === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;

/**
 * An in-memory PGlite as initdb leaves it (nothing of ours in it), saved once per PGlite version: initdb
 * costs seconds of CPU for every test file's database, loading the saved cluster a fraction of one. Each
 * file still migrates and prepares its own copy.
 */
async function emptyCluster(): Promise<Blob> {
  const pglite = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  const path = join(tmpdir(), `clh-pglite-empty-${pglite.version}.tar`);
  if (!existsSync(path)) {
    const fresh = await PGlite.create();
    const tar = Buffer.from(await (await fresh.dumpDataDir('none')).arrayBuffer());
    await fresh.close();
    // written aside, then renamed: a file being written by another test file is never read half-done
    const building = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(building, tar);
    renameSync(building, path);
  }
  return new Blob([readFileSync(path)]);
}

/** A fresh, migrated database for one test file: in-memory PGlite, or a throwaway schema on PostgreSQL. */
export async function createTestDb(): Promise<
  Db & {
    dropAll(): Promise<void>;
    /** a second pool on the same schema, as a second app server has (PGlite: the same database) */ connectAgain(): Promise<Db>;
  }
> {
  if (!testDatabaseUrl) {
    const db = await openPglite(null, { loadDataDir: await emptyCluster() });
    await prepareDatabase(db);
    return Object.assign(db, {
      dropAll: () => db.close(),
      connectAgain: async () => ({ ...db, close: async () => undefined }),
    });
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = await openPostgres(testDatabaseUrl, { searchPath: schema, max: 5 });
  await prepareDatabase(db);
  return Object.assign(db, {
    connectAgain: () => openPostgres(testDatabaseUrl!, { searchPath: schema, max: 5 }),
    async dropAll() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  });
}

/**
 * A schema of its own on the PostgreSQL test server, for tests that start real servers or tools on it: the
 * connection URL selects the schema, and `drop()` removes it with everything in it.
 */
export async function throwawaySchema(prefix: string): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  if (!process.env.TEST_DATABASE_URL) throw new Error('throwawaySchema needs TEST_DATABASE_URL');
  const admin = process.env.TEST_DATABASE_URL;
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${schema}`);
  const url = new URL(admin);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => run(`drop schema if exists ${schema} cascade`) };
}
