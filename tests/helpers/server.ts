import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openPglite } from '../../api/db/client';
import { migrations } from '../../api/db/migrate';
import { prepareDatabase } from '../../api/db/prepare';
import { exited, freePort, waitForHealth } from '../../bench/lib/server';
import { createStaff, type TestStaff } from './staff';

/** The built server (from `npm run build`). */
export const SERVER = join(import.meta.dirname, '../../build/server/server.js');

/**
 * A migrated PGlite data dir, made once per version of the migrations and copied for each server: initdb
 * costs seconds per server on 2 cores, a copy a fraction of one. The server still runs its own start-up
 * (migrations, districts) on the copy.
 */
async function templateDataDir(): Promise<string> {
  const version = createHash('sha256')
    .update(migrations.map((m) => m.id + m.sql).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const template = join(tmpdir(), `clh-e2e-template-${version}`);
  if (existsSync(join(template, 'pgdata', 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'clh-e2e-building-'));
  const db = await openPglite(building);
  await prepareDatabase(db);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another run made it first
  }
  return template;
}

/**
 * A fresh migrated data dir (a copy of the template), for tests that seed accounts before the server starts
 * or that need a database without timing initdb; `dir`: where (made 0700 like the server's), else a new temp dir.
 */
export async function freshDataDir(dir = mkdtempSync(join(tmpdir(), 'clh-e2e-'))): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  cpSync(join(await templateDataDir(), 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  return dir;
}
const START_TIMEOUT_MS = 90_000;

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** everything the server printed, for failure messages */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: no clean-up at all, like a power cut of the process */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

/** Starts the built server (build/server/server.js serving dist/) on a free port with a fresh DATA_DIR. */
export async function startServer(
  opts: { env?: Record<string, string>; dataDir?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await freshDataDir());
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    // a fresh PGlite data dir runs initdb: ~3 s on an idle machine, far more when the 2 cores are busy
    await waitForHealth(url, child, () => log, START_TIMEOUT_MS);
  };

  await launch();
  return {
    url,
    port,
    dataDir,
    output: () => log,
    async stop() {
      child?.kill('SIGTERM');
      await exited(child);
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      child?.kill('SIGTERM');
      await exited(child);
      await launch();
    },
  };
}

/**
 * The built server on a fresh data dir that holds these staff accounts, made before it starts (PGlite has
 * one owner at a time). The accounts come back in the order given; the caller removes `dataDir`.
 */
export async function startServerWithStaff(
  accounts: Parameters<typeof createStaff>[1][],
  opts: { env?: Record<string, string> } = {},
): Promise<{ server: RunningServer; dataDir: string; staff: TestStaff[] }> {
  const dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  const staff: TestStaff[] = [];
  try {
    for (const account of accounts) staff.push(await createStaff(db, account));
  } finally {
    await db.close();
  }
  return { server: await startServer({ dataDir, env: opts.env }), dataDir, staff };
}

/** How a run of `runServerOnce` ended. */
export interface ServerRun {
  code: number | null;
  /** everything the server printed (stdout and stderr) */
  output: string;
  /** it printed "listening on" (and was then stopped with SIGTERM) */
  started: boolean;
}

/**
 * Runs the built server on `dataDir` (PORT 0, never DATABASE_URL) until it exits by itself, or, if it starts
 * listening, until it has been stopped with SIGTERM: for tests of what start-up does and refuses. `as`: run
 * it as another user (the test runs as root).
 */
export function runServerOnce(
  dataDir: string,
  env: Record<string, string> = {},
  as?: { uid: number; gid: number },
): Promise<ServerRun> {
  // without the build, node would fail to start too: that must not pass for a refusal
  if (!existsSync(SERVER)) return Promise.reject(new Error(`${SERVER} is missing: run \`npm run build\` first`));
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...env,
    };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [SERVER], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], ...as });
    let output = '';
    let started = false;
    const onData = (d: Buffer) => {
      output += d;
      if (!started && /listening on/.test(output)) {
        started = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, output, started }));
  });
}
