/**
 * PostgreSQL for the bench (when DATABASE_URL is set): a fresh schema per run, so the bench never sees or
 * touches other rows, and a server URL whose connections use it (`options=-c search_path=…`, read by pg).
 */
import { openPostgres, type Db } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';

export interface BenchSchema {
  /** DATABASE_URL for the bench server, pinned to the schema */
  url: string;
  /** a pool on the schema, for seeding and checks */
  db: Db;
  drop(): Promise<void>;
}

export async function createBenchSchema(databaseUrl: string, label: string): Promise<BenchSchema> {
  const schema = `clh_bench_${label}_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openPostgres(databaseUrl, { max: 1 });
  await admin.exec(`create schema ${schema}`);
  await admin.close();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(databaseUrl, { searchPath: schema, max: 2 });
  await prepareDatabase(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const a = await openPostgres(databaseUrl, { max: 1 });
      await a.exec(`drop schema if exists ${schema} cascade`);
      await a.close();
    },
  };
}
