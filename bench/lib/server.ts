/**
 * Builds the app into build/bench/ and runs the real server (build/bench/server/server.js serving
 * build/bench/dist/) as a child process on 127.0.0.1, with a fresh database, and samples its memory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIST, BENCH_SERVER, ROOT } from './paths';

export function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(cmd, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

/** The web app and the server bundle, each built once per bench run (vite build ×2). */
export function buildApp(): void {
  run('npx', ['--no-install', 'vite', 'build', '--outDir', BENCH_DIST, '--emptyOutDir', '--logLevel', 'warn']);
  run('npx', [
    '--no-install',
    'vite',
    'build',
    '--ssr',
    'api/server.ts',
    '--outDir',
    'build/bench/server',
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
}

/** A free TCP port on 127.0.0.1. This and the two helpers below also start the browser tests' server (tests/helpers/server.ts). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * Resolves once the server at `url` answers /api/health; throws, with what it printed so far, when the
 * process exits first or `timeoutMs` passes (the caller decides whether to kill it).
 */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves when the process has exited (at once if it has, or never started). */
export const exited = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) =>
    !child || child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve()),
  );

export interface BenchServer {
  url: string;
  port: number;
  /** the PGlite data directory, or null on PostgreSQL */
  dataDir: string | null;
  pid: () => number;
  /** resident memory of the server process now, in bytes (Linux /proc) */
  rss: () => number;
  output: () => string;
  stop: () => Promise<void>;
  /** stop and delete the data directory */
  dispose: () => Promise<void>;
}

export interface StartOptions {
  /** postgres://… to run on PostgreSQL; else PGlite in `dataDir` (a fresh temporary one by default) */
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
}

/**
 * The settings every bench server runs with. RATE_LIMIT=off (api/env.ts): the per-client limits on report
 * creation and tracking-code look-ups would otherwise answer most of a one-client load test with 429.
 * run.ts adds TILE_URL (tile-stub.ts).
 */
export const BENCH_ENV: Record<string, string> = { NODE_ENV: 'production', RATE_LIMIT: 'off', LOG_REQUESTS: 'false' };

export async function startServer(options: StartOptions = {}): Promise<BenchServer> {
  if (!existsSync(BENCH_SERVER)) throw new Error(`${BENCH_SERVER} is missing: the build step did not run`);
  const port = await freePort();
  const dataDir = options.databaseUrl ? null : (options.dataDir ?? mkdtempSync(join(tmpdir(), 'clh-bench-')));
  let log = '';
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...BENCH_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    STATIC_DIR: BENCH_DIST,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir! }),
    ...options.env,
  };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [BENCH_SERVER], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => log, 120_000); // a big PGlite directory takes a while to open on a busy machine
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const stop = async () => {
    if (child.exitCode === null && !child.signalCode) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  return {
    url,
    port,
    dataDir,
    pid: () => child.pid!,
    rss: () => rssOf(child.pid!),
    output: () => log,
    stop,
    async dispose() {
      await stop();
      if (dataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
