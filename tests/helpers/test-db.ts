import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';

/**
 * The vitest project sets TEST_DB_ENGINE: 'api' runs on PGlite, 'api-postgres' runs the same files on the
 * server at TEST_DATABASE_URL, each file in its own schema.
 */
export const testDatabaseUrl = process.env.TEST_DB_ENGINE === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;

/** A fresh, migrated database for one test file: in-memory PGlite, or a throwaway schema on PostgreSQL. */
export async function createTestDb(): Promise<
  Db & {
    dropAll(): Promise<void>;
    /** a second pool on the same schema, as a second app server has (PGlite: the same database) */ connectAgain(): Promise<Db>;
  }
> {
  if (!testDatabaseUrl) {
    const db = await openPglite(null);
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
