/**
 * One owner of the data: the built server (build/server/server.js, from `npm run build`) on a PGlite
 * DATA_DIR. A second process on the same directory refuses to start; a corrupt directory stops start-up
 * with a clear error and is never replaced by an empty database; the directory and everything in it are
 * for the server's user only, and a directory it cannot use stops start-up in one sentence.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirError, openPglite } from '../../api/db/client';
import { acquireDataDirLock } from '../../api/db/data-dir-lock';
import { freshDataDir, runServerOnce, SERVER, startServer, type RunningServer } from '../helpers/server';

const root = mkdtempSync(join(tmpdir(), 'clh-datadir-'));
/**
 * A migrated DATA_DIR with a canary row added, then closed cleanly. (A start on a new directory, initdb
 * and all, is the file-modes test's.)
 */
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
  const db = await openPglite(await freshDataDir(template));
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

describe('shutting down', () => {
  it('readiness says 503 from SIGTERM on while the server still serves, then it drains and exits', async () => {
    const server = await startServer({ dataDir: copyOfTemplate('draining'), env: { SHUTDOWN_GRACE_SECONDS: '3' } });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const stopped = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ready = await fetch(`${server.url}/api/health`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'stopping' });
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
    await stopped;
    await expect(fetch(`${server.url}/api/health/live`)).rejects.toThrow();
  }, 60_000);
});

describe('a corrupt DATA_DIR', () => {
  it('with files but no database in pgdata: start-up stops, and the files are left as they were', async () => {
    const dir = join(root, 'garbage');
    mkdirSync(join(dir, 'pgdata/base'), { recursive: true, mode: 0o700 });
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
  ])(
    'with a %s pg_control: start-up stops with a clear error and the database is not replaced',
    async (what, bytes) => {
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
    },
  );
});

/** Every path under `dir` that another user of the machine could read, write or enter, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const mode = lstatSync(path).mode & 0o777;
      if (!entry.isSymbolicLink() && mode & 0o077) found.push(`${path.slice(dir.length)} ${mode.toString(8)}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

describe('file modes', () => {
  it('a new DATA_DIR is 0700, and nothing in it is open to others after start, a report and a stop', async () => {
    const dir = join(root, 'modes');
    const server = await startServer({ dataDir: dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dir)).toEqual([]);
      const res = await fetch(`${server.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `modes-${crypto.randomUUID()}` },
        body: JSON.stringify({
          categories: ['damp'],
          feelsSafe: 'yes',
          location: null,
          district: 'E07000114',
          description: 'Modes test',
          accommodationType: 'other',
          contact: { method: 'phone', value: '07700 900999' },
          createdAt: new Date().toISOString(),
        }),
      });
      expect(res.status).toBe(201);
      expect(openToOthers(dir)).toEqual([]);
    } finally {
      await server.stop();
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dir)).toEqual([]);
    expect(readdirSync(join(dir, 'pgdata')).length).toBeGreaterThan(5);
  }, 120_000);

  it('files others could read in an existing 0700 DATA_DIR are tightened at start', async () => {
    const dir = copyOfTemplate('loose-files');
    chmodSync(dir, 0o700);
    chmodSync(join(dir, 'pgdata/PG_VERSION'), 0o666);
    chmodSync(join(dir, 'pgdata/base'), 0o755);
    expect(openToOthers(dir).length).toBeGreaterThan(0);
    const run = await runServerOnce(dir);
    expect(run.started, run.output).toBe(true);
    expect(openToOthers(dir)).toEqual([]);
  }, 60_000);

  it('an existing DATA_DIR that others may enter stops start-up in one sentence, and is not changed', async () => {
    const dir = copyOfTemplate('loose-dir');
    chmodSync(dir, 0o755);
    const run = await runServerOnce(dir);
    expect(run.started).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.output.trim()).toBe(
      `Cannot start: DATA_DIR ${dir} can be read or entered by other users of this machine (mode 0755): run chmod 700 ${dir} and start again.`,
    );
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  it("a DATA_DIR the server's user cannot write stops start-up in one sentence, without a stack", async () => {
    // as root, the server runs as nobody on a directory only root may use; otherwise on a read-only one
    const asRoot = process.getuid?.() === 0;
    const dir = asRoot ? mkdtempSync(join(tmpdir(), 'clh-denied-')) : join(root, 'read-only');
    if (!asRoot) {
      mkdirSync(dir, { mode: 0o700 });
      chmodSync(dir, 0o500);
    }
    try {
      const run = await runServerOnce(dir, {}, asRoot ? { uid: 65534, gid: 65534 } : undefined);
      expect(run.started).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.output.trim()).toMatch(
        new RegExp(
          `^Cannot start: DATA_DIR ${dir} cannot be read and written by this user \\(EACCES\\): give the server's user access to it, or choose another DATA_DIR\\.$`,
        ),
      );
      expect(run.output).not.toMatch(/\n\s+at /);
    } finally {
      chmodSync(dir, 0o700);
      if (asRoot) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the lock file', () => {
  it("refuses while its owner runs, takes over a dead owner's lock, and never removes a lock it does not hold", async () => {
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
