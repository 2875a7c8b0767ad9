/**
 * Issue 10 §3, one owner of the data: the built server (build/server/server.js, from `npm run build`) on a
 * PGlite DATA_DIR. A second process on the same directory refuses to start; a corrupt directory stops
 * start-up with a clear error and is never replaced by an empty database.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirError, openPglite } from '../../api/db/client';
import { acquireDataDirLock } from '../../api/db/data-dir-lock';
import { runServerOnce, SERVER, startServer, type RunningServer } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'clh-datadir-'));
/** A DATA_DIR made by the real server (migrated), with a canary row added, then closed cleanly. */
const template = join(root, 'template');

/** Every file under `dir` with its size, to show that nothing was replaced or removed. */
function listing(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path.slice(dir.length), readFileSync(path).length);
    }
  };
  walk(dir);
  return files;
}

const copyOfTemplate = (name: string) => {
  const dir = join(root, name);
  cpSync(template, dir, { recursive: true });
  return dir;
};

beforeAll(async () => {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
  const first = await startServer({ dataDir: template });
  await first.stop();
  const db = await openPglite(template);
  await db.exec("create table canary (note text); insert into canary values ('still here')");
  await db.close();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('one server per DATA_DIR', () => {
  let running: RunningServer | undefined;
  afterAll(() => running?.stop());

  it('a second server on the same DATA_DIR refuses to start, with a clear message, and the first keeps working', async () => {
    const dir = copyOfTemplate('shared');
    running = await startServer({ dataDir: dir });
    const second = await runServerOnce(dir);
    expect(second.started).toBe(false);
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/Cannot start: Another server \(pid \d+\) is already using/);
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
  });

  it('after the first is killed (SIGKILL leaves its lock behind), a new server takes over the stale lock', async () => {
    await running!.kill();
    expect(existsSync(join(running!.dataDir, 'server.lock'))).toBe(true);
    await running!.restart();
    expect((await fetch(`${running!.url}/api/health`)).status).toBe(200);
  });
});

describe('a corrupt DATA_DIR', () => {
  it('with files but no database in pgdata: start-up stops, and the files are left as they were', async () => {
    const dir = join(root, 'garbage');
    mkdirSync(join(dir, 'pgdata/base'), { recursive: true });
    writeFileSync(join(dir, 'pgdata/notes.txt'), 'not a database');
    writeFileSync(join(dir, 'pgdata/base/1'), Buffer.alloc(8192, 0xab));
    const before = listing(dir);

    const result = await runServerOnce(dir);
    expect(result.started).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Cannot start: .*pgdata is not a readable database/);
    expect(listing(dir)).toEqual(before);
    expect(existsSync(join(dir, 'pgdata/PG_VERSION'))).toBe(false);
    // and the lock was given back, so the directory can be repaired and used
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  });

  it.each([
    ['truncated', Buffer.alloc(0)],
    ['garbage', Buffer.from('this is not a pg_control file'.repeat(10))],
  ])('with a %s pg_control: start-up stops with a clear error and the database is not replaced', async (what, bytes) => {
    const dir = copyOfTemplate(`pg-control-${what}`);
    const control = join(dir, 'pgdata/global/pg_control');
    const original = readFileSync(control);
    writeFileSync(control, bytes);
    const before = listing(dir);

    const result = await runServerOnce(dir);
    expect(result.started).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Cannot start: The database in .*pgdata could not be opened/);
    expect(result.output).toMatch(/restore/i);

    // nothing was removed or re-initialised: every file is still there with its size
    const after = listing(dir);
    for (const [file, size] of before) expect(after.get(file), file).toBe(size);
    expect(readFileSync(control).equals(bytes)).toBe(true);

    // put the good pg_control back: the data is all there
    writeFileSync(control, original);
    rmSync(join(dir, 'pgdata/postmaster.pid'), { force: true });
    const db = await openPglite(dir);
    try {
      expect(await db.query('select note from canary')).toEqual([{ note: 'still here' }]);
    } finally {
      await db.close();
    }
  });
});

describe('the lock file', () => {
  it('refuses while its owner runs, takes over a dead owner\'s lock, and never removes a lock it does not hold', async () => {
    const dir = join(root, 'lock');
    mkdirSync(dir);
    const lockFile = join(dir, 'server.lock');
    const owner = spawn('sleep', ['30']);
    try {
      writeFileSync(lockFile, String(owner.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${owner.pid}`));
      expect(readFileSync(lockFile, 'utf8')).toBe(String(owner.pid));
    } finally {
      owner.kill('SIGKILL');
      await new Promise((resolve) => owner.once('exit', resolve));
    }
    // the owner is gone: its lock is stale
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual(['server.lock']);
    // an empty lock file (a crash between creating and writing it) is stale too
    lock.release();
    writeFileSync(lockFile, '');
    const again = acquireDataDirLock(dir);
    // someone else's lock is left alone by release()
    writeFileSync(lockFile, '999999999');
    again.release();
    expect(readFileSync(lockFile, 'utf8')).toBe('999999999');
  });
});
