/**
 * `npm run retention`: deletes photos, contact details and exact locations of reports closed or
 * resolved more than RETENTION_DAYS (default 180) ago (api/modules/retention/retention.ts). The server also runs it
 * once a day by itself (api/server.ts), so on PGlite — one process per DATA_DIR — this command is for a
 * stopped server; on PostgreSQL it runs at any time.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import { applyRetention } from '../modules/retention/retention';
import type { Env } from '../env';

export async function retention(args: string[], env: Env): Promise<void> {
  const { values } = parseArgs({ args, options: { days: { type: 'string' } } });
  const days = values.days === undefined ? env.RETENTION_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new Error('--days must be a whole number of days, 1 or more');
  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await prepareDatabase(db);
    const result = await applyRetention(db, { days });
    console.log(
      `Retention (${days} days, reports closed before ${result.cutoff}): ` +
        `${result.reports} reports cleared, ${result.photos} photos deleted.`,
    );
  } finally {
    await db.close();
  }
}
