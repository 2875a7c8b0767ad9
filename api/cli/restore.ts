/**
 * `npm run restore -- <backup.tar.gz> [--force]`: loads a tarball from `npm run backup` into DATA_DIR
 * (PGlite's loadDataDir). Refuses while a server holds the directory, and refuses to replace an existing
 * database unless --force is given; even then the old one is moved aside (pgdata.replaced-<time>), never
 * deleted. If the backup cannot be loaded, the directory is put back as it was.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { acquireDataDirLock, openPgliteDataDir } from '../db/client';
import { prepareDataDir } from '../db/data-dir';
import type { Env } from '../env';
import { KEY_FILE, loadTotpKey, openTotpSecret } from '../modules/auth/totp-secrets';
import { CliError } from './cli-error';

/** The backup's staff TOTP secrets are sealed with a key that is not in it (SECURITY.md): is it here? */
function warnAboutTotpKey(secrets: string[], env: Env, dataDir: string) {
  if (secrets.length === 0) return;
  if (env.TOTP_KEY === undefined && !existsSync(join(dataDir, KEY_FILE))) {
    console.log(
      `Its ${secrets.length} staff TOTP secrets need the key of the server it came from: put that ${KEY_FILE} in ${dataDir} ` +
        '(or set TOTP_KEY) before starting, or those staff re-enrol (SECURITY.md).',
    );
    return;
  }
  const { key } = loadTotpKey(env);
  const unreadable = secrets.filter((s) => {
    try {
      openTotpSecret(s, key);
      return false;
    } catch {
      return true;
    }
  }).length;
  if (unreadable > 0) {
    console.log(
      `${unreadable} of its ${secrets.length} staff TOTP secrets cannot be opened with this server's key: put back the key they ` +
        'were sealed with, or those staff re-enrol (SECURITY.md).',
    );
  }
}

export async function restore(args: string[], env: Env): Promise<void> {
  if (env.DATABASE_URL) throw new CliError('DATABASE_URL is set: restore PostgreSQL with pg_restore or psql.', 2);
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError('Usage: npm run restore -- <backup.tar.gz> [--force]', 2);
  if (!existsSync(file)) throw new CliError(`${file} does not exist.`);
  const bytes = readFileSync(file);
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b))
    throw new CliError(`${file} is not a backup from npm run backup (not gzip).`);

  const dataDir = resolve(env.DATA_DIR);
  // refuses while a server (or another tool) holds the directory; held until the end
  prepareDataDir(dataDir);
  const lock = acquireDataDirLock(dataDir);
  const pgdata = join(dataDir, 'pgdata');
  let aside: string | undefined;
  try {
    if (existsSync(pgdata) && readdirSync(pgdata).length > 0) {
      if (!values.force) {
        throw new CliError(
          `${dataDir} already holds a database. Nothing was changed. ` +
            'Use --force to replace it (it is moved aside, not deleted), or choose an empty DATA_DIR.',
        );
      }
      aside = `${pgdata}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`;
      renameSync(pgdata, aside);
    }
    let restored;
    try {
      restored = await openPgliteDataDir(dataDir, {
        loadDataDir: new Blob([bytes]),
        lock: { release: () => undefined },
      });
    } catch (error) {
      rmSync(pgdata, { recursive: true, force: true });
      if (aside) renameSync(aside, pgdata);
      throw new CliError(
        `${file} could not be restored: ${error instanceof Error ? error.message : String(error)} ` +
          `${dataDir} is as it was.`,
      );
    }
    try {
      const [row] = (
        await restored.pglite.query<{ migrations: number; reports: number }>(
          `select case when to_regclass('schema_migrations') is null then 0 else (select count(*)::int from schema_migrations) end as migrations,
                case when to_regclass('reports') is null then 0 else (select count(*)::int from reports) end as reports`,
        )
      ).rows;
      console.log(
        `Restored ${file} into ${dataDir}: ${row?.reports ?? 0} reports, ${row?.migrations ?? 0} migrations applied.`,
      );
      if (aside) console.log(`The database that was there is kept in ${aside}; delete it once you are sure.`);
      const [staff] = (
        await restored.pglite.query<{ exists: boolean }>(`select to_regclass('staff_users') is not null as exists`)
      ).rows;
      if (staff?.exists) {
        const { rows } = await restored.pglite.query<{ secret: string }>(
          'select unnest(array[totp_secret, totp_pending_secret]) as secret from staff_users',
        );
        warnAboutTotpKey(
          rows.map((r) => r.secret).filter((s) => s !== null),
          env,
          dataDir,
        );
      }
    } finally {
      await restored.pglite.close();
    }
  } finally {
    lock.release();
  }
}
