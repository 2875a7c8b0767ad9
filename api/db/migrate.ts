import type { Db } from './client';

/** Numbered SQL files, bundled into the server at build time. */
const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

export const migrations = Object.entries(files)
  .map(([path, sql]) => ({ id: path.replace(/^.*\/(.+)\.sql$/, '$1'), sql }))
  .sort((a, b) => a.id.localeCompare(b.id));

/**
 * Applies the migrations not yet recorded, all in one transaction. The advisory lock makes several API
 * processes starting together on one PostgreSQL wait for each other instead of racing.
 */
export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(724311)');
    await tx.exec(`create table if not exists schema_migrations (
      id text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set((await tx.query<{ id: string }>('select id from schema_migrations')).map((r) => r.id));
    const applied: string[] = [];
    for (const { id, sql } of migrations) {
      if (done.has(id)) continue;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [id]);
      applied.push(id);
    }
    return applied;
  });
}
