/**
 * A rolling upgrade, for real: the previous version (N, built from git history) keeps serving while this
 * version (N+1) starts on the same PostgreSQL and applies its migrations. Phones post through both
 * throughout; nothing is lost, N+1 reads everything and N what it stored. N is the version just before
 * the newest migration was added, so the newest migration is always the one on trial.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, freePort, waitForHealth } from '../../bench/lib/server';
import { newReport } from '../helpers/reports';
import { SERVER } from '../helpers/server';
import { throwawaySchema } from '../helpers/test-db';

const ROOT = resolve(import.meta.dirname, '../..');
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) console.warn('upgrade.e2e.ts not run: it needs PostgreSQL (TEST_DATABASE_URL); CI has it.');

const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();

interface Running {
  url: string;
  child: ChildProcess;
}

describe.runIf(databaseUrl)('upgrade without downtime: version N and N+1 side by side on one database', () => {
  let database: Awaited<ReturnType<typeof throwawaySchema>> | undefined;
  const work = mkdtempSync(join(tmpdir(), 'clh-upgrade-'));
  const running: Running[] = [];
  let previous = '';
  let dbUrl = '';

  const start = async (server: string): Promise<Running> => {
    const port = await freePort();
    let log = '';
    const child = spawn(process.execPath, [server], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(work, 'data-')),
        DATABASE_URL: dbUrl,
        RATE_LIMIT: 'off',
        LOG_REQUESTS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, () => log, 90_000);
    const server_ = { url, child };
    running.push(server_);
    return server_;
  };

  const post = async (server: Running, description: string) => {
    const res = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `upg-${crypto.randomUUID()}`,
        origin: server.url,
      },
      body: JSON.stringify(newReport({ description })),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { trackingCode: string }).trackingCode;
  };

  beforeAll(async () => {
    // N: the commit before the newest migration was added, built from its own sources
    const newest = git('log', '-1', '--diff-filter=A', '--format=%H', '--', 'api/db/migrations');
    previous = git('rev-parse', `${newest}^`);
    const source = join(work, 'previous');
    execFileSync('sh', [
      '-c',
      `mkdir -p "${source}" && git -C "${ROOT}" archive "${previous}" | tar -x -C "${source}"`,
    ]);
    symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'));
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--ssr', 'api/server.ts', '--logLevel', 'error'],
      {
        cwd: source,
        stdio: 'pipe',
      },
    );

    database = await throwawaySchema('upg');
    dbUrl = database.url;
  }, 180_000);

  afterAll(async () => {
    for (const server of running) {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps N working while N+1 migrates; nothing is lost', async () => {
    const oldServer = await start(join(work, 'previous/build/server/server.js'));
    const before = await post(oldServer, 'posted to N before the upgrade');

    // phones keep posting to N while N+1 starts and migrates
    const during: Promise<string>[] = [];
    const keepPosting = setInterval(() => during.push(post(oldServer, 'posted to N during the upgrade')), 300);
    let newServer: Running;
    try {
      newServer = await start(SERVER);
    } finally {
      clearInterval(keepPosting);
    }
    const fromOld = [before, ...(await Promise.all(during))];
    const fromNew: string[] = [];
    for (let i = 0; i < 5; i++) {
      fromOld.push(await post(oldServer, 'posted to N after the upgrade'));
      fromNew.push(await post(newServer, 'posted to N+1'));
    }
    const codes = [...fromOld, ...fromNew];

    expect(await fetch(`${newServer.url}/api/health`).then((r) => r.status)).toBe(200);
    // N+1 reads everything; N reads what it stored (it may not know a newer version's tracking-code format)
    const reads = [
      ...codes.map((code) => ({ code, server: newServer, name: 'N+1' })),
      ...fromOld.map((code) => ({ code, server: oldServer, name: 'N' })),
    ];
    for (const { code, server, name } of reads) {
      const res = await fetch(`${server.url}/api/reports/${code}`);
      expect(res.status, `${code} through ${name}`).toBe(200);
    }
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    const { rows } = await admin.query<{ n: number }>(
      `select count(*)::int n from reports where description like 'posted to %'`,
    );
    await admin.end();
    expect(rows[0]!.n).toBe(codes.length);
    console.info(
      `upgrade from ${previous.slice(0, 7)}: ${codes.length} reports through N and N+1, all stored once; N+1 reads them all`,
    );
  });
});
