import type { Db, Queryable } from './client';

/**
 * The same database, with every statement's time handed to `observe` (the server's query-time figures).
 * Statements inside a transaction are timed too; `prepared` keeps its fast path.
 */
export function timedDb(db: Db, observe: (seconds: number) => void): Db {
  const time = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      observe((performance.now() - started) / 1000);
    }
  };
  const timed = (q: Queryable): Queryable => ({
    query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => time(() => q.query<T>(sql, params)),
    exec: (sql) => time(() => q.exec(sql)),
  });
  const prepared = db.prepared?.bind(db);
  return {
    ...timed(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(timed(tx))),
    close: () => db.close(),
    ...(prepared && {
      prepared: <T = Record<string, unknown>>(name: string, sql: string, params: unknown[]) =>
        time(() => prepared<T>(name, sql, params)),
    }),
  };
}
