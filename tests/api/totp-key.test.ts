/**
 * The key to staff TOTP secrets outside the API: the built server makes DATA_DIR/totp.key, reuses it and
 * stops on a malformed one; the CLI seals with it, and backup and restore say where it is. These run
 * build/ (from `npm run build`): like data-dir.test.ts, run this file under the shared lock when others
 * may be building.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { totpCode } from '../../api/modules/auth/totp';
import { isSealedTotpSecret, loadTotpKey, openTotpSecret } from '../../api/modules/auth/totp-secrets';
import { CLI, runCli as cli } from '../helpers/cli';
import { freshDataDir, runServerOnce, SERVER, startServer } from '../helpers/server';
import { createStaff, loginRequest, type TestStaff } from '../helpers/staff';

// ── The built server (build/server/server.js, from `npm run build`) ──────────────────────────────────────
describe('the built server and its key', () => {
  const root = mkdtempSync(join(tmpdir(), 'clh-totp-start-'));
  beforeAll(() => {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a malformed TOTP_KEY stops start-up with a clear message that does not print the value', async () => {
    const bad = randomBytes(16).toString('base64');
    const dir = join(root, 'bad-env');
    const result = await runServerOnce(dir, { TOTP_KEY: bad });
    expect(result.started).toBe(false);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Invalid configuration:\n {2}TOTP_KEY: must be 32 random bytes in base64/);
    expect(result.output).not.toContain(bad);
    expect(existsSync(join(dir, 'totp.key'))).toBe(false);
  });

  it('without TOTP_KEY: the first start makes DATA_DIR/totp.key (0600), later starts reuse it, a malformed one stops start-up', async () => {
    // a migrated database without a key: what is timed here is the key, not initdb
    const dir = await freshDataDir(join(root, 'key-file'));
    const first = await runServerOnce(dir);
    expect(first.started).toBe(true);
    expect(first.output).toContain(`Created ${join(dir, 'totp.key')}, the key to staff TOTP secrets`);
    const path = join(dir, 'totp.key');
    const key = readFileSync(path, 'utf8');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.output).not.toContain(key.trim());

    const second = await runServerOnce(dir);
    expect(second.started).toBe(true);
    expect(second.output).not.toContain('Created');
    expect(readFileSync(path, 'utf8')).toBe(key);

    writeFileSync(path, 'not a key\n');
    const third = await runServerOnce(dir);
    expect(third.started).toBe(false);
    expect(third.code).toBe(1);
    expect(third.output).toContain(
      `Cannot start: The TOTP key file ${path} is malformed: it must be 32 random bytes in base64`,
    );
    expect(readFileSync(path, 'utf8')).toBe('not a key\n');
  }, 120_000);

  it("seals plain rows at start-up, and an admin signs in with a code over HTTP with the key file's key", async () => {
    const dir = await freshDataDir(join(root, 'upgrade'));
    const db = await openPglite(dir);
    let legacy: TestStaff;
    let sealed: TestStaff;
    try {
      await prepareDatabase(db);
      legacy = await createStaff(db, { email: 'upgrade.legacy@example.test', role: 'admin', plainTotp: true });
      // sealed with the key the server will find in DATA_DIR/totp.key
      sealed = await createStaff(db, {
        email: 'upgrade.sealed@example.test',
        role: 'admin',
        totpKey: loadTotpKey({ DATA_DIR: dir }).key,
      });
    } finally {
      await db.close();
    }
    const server = await startServer({ dataDir: dir });
    try {
      expect(server.output()).toContain('Sealed 1 staff TOTP secrets that were stored plain.');
      expect(server.output()).not.toMatch(/cannot be opened/);
      for (const staff of [legacy, sealed]) {
        const res = await fetch(
          `${server.url}/api/auth/login`,
          loginRequest(
            { email: staff.email, password: staff.password, totp: totpCode(staff.totpSecret!) },
            { origin: server.url },
          ),
        );
        expect(res.status, staff.email).toBe(200);
      }
    } finally {
      await server.stop();
    }
    const after = await openPglite(dir);
    try {
      const rows = await after.query<{ email: string; totp_secret: string }>(
        'select email, totp_secret from staff_users order by email',
      );
      const key = loadTotpKey({ DATA_DIR: dir }).key;
      for (const row of rows) {
        expect(isSealedTotpSecret(row.totp_secret), row.email).toBe(true);
        expect(openTotpSecret(row.totp_secret, key)).toBe(
          row.email === legacy!.email ? legacy!.totpSecret : sealed!.totpSecret,
        );
      }
    } finally {
      await after.close();
    }
  }, 120_000);
});

// ── The CLI (build/cli/cli.js): user:create seals with the server's key; backup and restore name the key ──
describe('the CLI and the key', () => {
  const root = mkdtempSync(join(tmpdir(), 'clh-totp-cli-'));
  const source = join(root, 'source');
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    await freshDataDir(source); // migrated, without a key
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('npm run user:create: a commissioner needs --districts, every district only when asked for', async () => {
    const refused = await cli(['user:create', '--email', 'cli.commissioner@example.test', '--role', 'commissioner'], {
      DATA_DIR: source,
    });
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(
      '--districts: say which districts this commissioner covers (names or ONS codes, comma-separated), or --districts all for every district',
    );
    const all = await cli(
      ['user:create', '--email', 'cli.commissioner@example.test', '--role', 'commissioner', '--districts', 'all'],
      { DATA_DIR: source },
    );
    expect(all.code, all.output).toBe(0);
    expect(all.output).toContain('Created commissioner cli.commissioner@example.test (every district).');
    const named = await cli(
      ['user:create', '--email', 'cli.thanet@example.test', '--role', 'commissioner', '--districts', 'thanet,Dover'],
      { DATA_DIR: source },
    );
    expect(named.code, named.output).toBe(0);
    expect(named.output).toContain('Created commissioner cli.thanet@example.test (E07000114, E07000108).');
  }, 120_000);

  it("npm run user:create: an admin's secret is printed once and stored sealed with DATA_DIR/totp.key", async () => {
    const run = await cli(['user:create', '--email', 'cli.admin@example.test', '--role', 'admin'], {
      DATA_DIR: source,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Created ${join(source, 'totp.key')}, the key to staff TOTP secrets`);
    const secret = /or type the key: ([A-Z2-7]+)/.exec(run.output)![1]!;
    const key = loadTotpKey({ DATA_DIR: source });
    expect(key.source).toBe('file');
    expect(run.output).not.toContain(readFileSync(key.path!, 'utf8').trim());
    const db = await openPglite(source);
    try {
      const [row] = await db.query<{ totp_secret: string | null; totp_pending_secret: string | null }>(
        'select totp_secret, totp_pending_secret from staff_users where email = $1',
        ['cli.admin@example.test'],
      );
      expect(row!.totp_secret).not.toContain(secret);
      expect(isSealedTotpSecret(row!.totp_secret!)).toBe(true);
      expect(openTotpSecret(row!.totp_secret!, key.key)).toBe(secret);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('npm run backup says the key is not in the backup; restore says when the key is missing or wrong', async () => {
    const file = join(root, 'backups/one.tar.gz');
    const backup = await cli(['backup', '--out', file], { DATA_DIR: source });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain(`It does not hold the key to staff TOTP secrets (${join(source, 'totp.key')})`);

    // a new machine without the key: told what to do, and no key is made by restore
    const bare = join(root, 'bare');
    const restored = await cli(['restore', file], { DATA_DIR: bare });
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(
      /Its 1 staff TOTP secrets need the key of the server it came from: put that totp\.key in .*bare/,
    );
    expect(existsSync(join(bare, 'totp.key'))).toBe(false);

    // with the key copied across: nothing to say
    const withKey = join(root, 'with-key');
    copyFileSync(join(source, 'totp.key'), join(root, 'key-copy'));
    const keyed = await cli(['restore', file], {
      DATA_DIR: withKey,
      TOTP_KEY: readFileSync(join(root, 'key-copy'), 'utf8').trim(),
    });
    expect(keyed.code, keyed.output).toBe(0);
    expect(keyed.output).not.toMatch(/TOTP/);

    // with another key
    const wrong = await cli(['restore', file], {
      DATA_DIR: join(root, 'wrong-key'),
      TOTP_KEY: randomBytes(32).toString('base64'),
    });
    expect(wrong.code, wrong.output).toBe(0);
    expect(wrong.output).toContain("1 of its 1 staff TOTP secrets cannot be opened with this server's key");
  }, 120_000);
});
