/**
 * `npm run backup` and `npm run restore` for the embedded database, by a round trip through
 * the built CLI (build/cli/cli.js, from `npm run build`): what comes back is exactly what was there.
 * They refuse while a server holds the data directory, and restore never overwrites a database unless
 * told to (and then keeps the old one aside).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { acquireDataDirLock, openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { defaultEnv } from '../../api/env';
import { newReport, postReport } from '../helpers/reports';
import { CLI, runCli as cli } from '../helpers/cli';
import { freshDataDir } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'clh-backup-'));
const source = join(root, 'source');
const backupFile = join(root, 'backups/one.tar.gz');

/** What a backup must preserve: reports, their photos' bytes, their history. */
async function snapshot(dataDir: string) {
  const db = await openPglite(dataDir);
  try {
    return {
      reports: await db.query(
        'select id, tracking_code, idempotency_key, description, provider, contact_value, lat, lng, status from reports order by id',
      ),
      photos: (
        await db.query<{ report_id: string; bytes: Uint8Array }>(
          'select report_id, bytes from report_photos order by report_id, position',
        )
      ).map((p) => ({ report: p.report_id, sha256: createHash('sha256').update(p.bytes).digest('hex') })),
      updates: await db.query('select report_id, actor, public_note from report_updates order by id'),
      migrations: await db.query('select id from schema_migrations order by id'),
    };
  } finally {
    await db.close();
  }
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${join(e.parentPath, e.name).slice(dir.length)}:${readFileSync(join(e.parentPath, e.name)).length}`)
    .sort();
}

let original: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const db = await openPglite(await freshDataDir(source));
  await prepareDatabase(db);
  const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
  for (let i = 0; i < 3; i++) {
    const { id } = await postReport(
      app,
      newReport({
        description: `Report ${i}: water coming through the ceiling — ünïcödé ✓`,
        location: { lat: 51.38 + i / 100, lng: 1.38 },
        district: null,
        contact: { method: 'phone', value: `07700 900 12${i}` },
        provider: 'Example Housing Ltd',
      }),
    );
    await db.query(
      `insert into report_photos (report_id, position, content_type, width, height, bytes) values ($1, 0, 'image/jpeg', 2, 2, $2)`,
      [id, new Uint8Array([0xff, 0xd8, 0xff, i, 0, 1, 2, 3])],
    );
    await db.query(
      `insert into report_updates (report_id, actor, public_note) values ($1, 'test', 'We have your report')`,
      [id],
    );
  }
  await db.close();
  original = await snapshot(source);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run backup / npm run restore', () => {
  it('backs up the data directory into one gzipped file', async () => {
    const run = await cli(['backup', '--out', backupFile], { DATA_DIR: source });
    expect(run.output).toMatch(/Backed up .* \(3 reports\) to .*one\.tar\.gz/);
    expect(run.code).toBe(0);
    const bytes = readFileSync(backupFile);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(existsSync(`${backupFile}.partial`)).toBe(false);
  });

  it('restores it into an empty DATA_DIR: the same reports, photo bytes, history and migrations', async () => {
    const target = join(root, 'restored');
    const run = await cli(['restore', backupFile], { DATA_DIR: target });
    expect(run.output).toMatch(/Restored .* 3 reports/);
    expect(run.code).toBe(0);
    const copy = await snapshot(target);
    expect(copy.reports).toHaveLength(3);
    expect(copy.photos).toHaveLength(3);
    expect(copy).toEqual(original);
  });

  it('refuses both while a server holds the data directory', async () => {
    const lock = acquireDataDirLock(source);
    try {
      const backup = await cli(['backup', '--out', join(root, 'backups/locked.tar.gz')], { DATA_DIR: source });
      expect(backup.code).not.toBe(0);
      expect(backup.output).toMatch(/Another server \(pid \d+\) is already using/);
      expect(existsSync(join(root, 'backups/locked.tar.gz'))).toBe(false);

      const before = listing(source);
      const restore = await cli(['restore', backupFile, '--force'], { DATA_DIR: source });
      expect(restore.code).not.toBe(0);
      expect(restore.output).toMatch(/Another server \(pid \d+\) is already using/);
      expect(listing(source)).toEqual(before);
    } finally {
      lock.release();
    }
  });

  it('will not overwrite a database without --force; with --force, the old one is kept aside', async () => {
    // as the server makes a data folder: only its owner may enter it
    const target = await freshDataDir(join(root, 'existing'));
    const db = await openPglite(target);
    await prepareDatabase(db);
    await db.exec("create table only_here (x text); insert into only_here values ('the old database')");
    await db.close();
    const before = listing(target);

    const refused = await cli(['restore', backupFile], { DATA_DIR: target });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/already holds a database\. Nothing was changed/);
    expect(listing(target)).toEqual(before);

    const forced = await cli(['restore', backupFile, '--force'], { DATA_DIR: target });
    expect(forced.code).toBe(0);
    expect(await snapshot(target)).toEqual(original);
    const aside = readdirSync(target).find((name) => name.startsWith('pgdata.replaced-'));
    expect(aside).toBeDefined();
    expect(existsSync(join(target, aside!, 'PG_VERSION'))).toBe(true);
  });

  it('a file that is not a backup is refused, and the directory is left as it was', async () => {
    const target = join(root, 'from-garbage');
    for (const [name, bytes] of [
      ['plain.txt', Buffer.from('hello')],
      ['fake.tar.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8])],
    ] as const) {
      writeFileSync(join(root, name), bytes);
      const run = await cli(['restore', join(root, name)], { DATA_DIR: target });
      expect(run.code, run.output).not.toBe(0);
      expect(run.output).toMatch(/not a backup|could not be restored/);
      expect(existsSync(join(target, 'pgdata'))).toBe(false);
      expect(existsSync(join(target, 'server.lock'))).toBe(false);
    }
  });

  it('on PostgreSQL, points to pg_dump instead', async () => {
    const run = await cli(['backup'], { DATA_DIR: source, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/pg_dump/);
  });
});
