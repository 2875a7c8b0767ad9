/**
 * `npm run backup [-- --out <file.tar.gz>]`: the embedded database (PGlite in DATA_DIR) as one gzipped
 * tarball, from PGlite's dumpDataDir(). PGlite allows one process per data directory, so this refuses
 * while the server runs (stop it, back up, start it: the copy is then exactly what was committed).
 * On PostgreSQL (DATABASE_URL) use pg_dump instead.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openPgliteDataDir } from '../db/client';
import type { Env } from '../env';
import { CliError } from './cli-error';

export async function backup(args: string[], env: Env): Promise<void> {
  if (env.DATABASE_URL)
    throw new CliError('DATABASE_URL is set: back up PostgreSQL with pg_dump (see SECURITY.md).', 2);
  const { values } = parseArgs({ args, options: { out: { type: 'string', short: 'o' } } });
  const dataDir = resolve(env.DATA_DIR);
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) {
    throw new CliError(`There is no database in ${dataDir} to back up.`);
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const out = resolve(values.out ?? join('backups', `care-leaver-hub-${stamp}.tar.gz`));

  const { pglite, release } = await openPgliteDataDir(dataDir);
  try {
    // everything committed is in the data files, not only in the WAL
    await pglite.exec('CHECKPOINT');
    const [{ reports } = { reports: 0 }] = (
      await pglite.query<{ reports: number }>(
        `select case when to_regclass('reports') is null then 0 else (select count(*)::int from reports) end as reports`,
      )
    ).rows;
    const tarball = new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    mkdirSync(dirname(out), { recursive: true });
    // written under a temporary name first: a backup file that exists is a whole one
    writeFileSync(`${out}.partial`, tarball, { mode: 0o600 });
    renameSync(`${out}.partial`, out);
    console.log(
      `Backed up ${dataDir} (${reports} reports) to ${out} (${(statSync(out).size / 1024 / 1024).toFixed(1)} MB).`,
    );
    console.log('It holds personal data: keep it encrypted and as safe as the server.');
    console.log(
      `It does not hold the key to staff TOTP secrets (${env.TOTP_KEY ? 'TOTP_KEY' : join(dataDir, 'totp.key')}): keep a copy of that apart from the backups.`,
    );
  } finally {
    await pglite.close();
    release();
  }
}
