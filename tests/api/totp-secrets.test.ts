/**
 * Staff TOTP secrets are sealed at rest (api/modules/auth/totp-secrets.ts, SECURITY.md): what the API
 * writes to staff_users is never the base32 secret, sign-in opens it, rows from before sealing keep working
 * and are sealed, another key cannot open them, and the built server makes, reuses and checks its key.
 * The built-server and CLI parts run build/ (from `npm run build`): like data-dir.test.ts, run this file
 * under the shared lock when others may be building.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { seedDemoStaff } from '../../api/cli/demo-seed';
import { openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { defaultEnv } from '../../api/env';
import { totpCode } from '../../api/modules/auth/totp';
import {
  isSealedTotpSecret,
  loadTotpKey,
  openTotpSecret,
  prepareTotpSecrets,
  sealPlainTotpSecrets,
  sealTotpSecret,
} from '../../api/modules/auth/totp-secrets';
import { runServerOnce, SERVER, startServer } from '../helpers/server';
import {
  asStaff,
  createStaff,
  loginRequest,
  signIn,
  STAFF_PASSWORD,
  testTotpKey,
  type TestStaff,
} from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Stored {
  totp_secret: string | null;
  totp_pending_secret: string | null;
}
const stored = async (email: string): Promise<Stored> =>
  (await t.db.query<Stored>('select totp_secret, totp_pending_secret from staff_users where email = $1', [email]))[0]!;

/** A stored value that is sealed under the test apps' key, holds no trace of `secret`, and opens to it. */
function expectSealed(value: string | null, secret: string) {
  expect(value).not.toBeNull();
  expect(value).not.toBe(secret);
  expect(value).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
  expect(value!.toUpperCase()).not.toContain(secret.slice(0, 8));
  expect(openTotpSecret(value!, testTotpKey())).toBe(secret);
}

const login = (staff: Pick<TestStaff, 'email' | 'password'>, totp?: string, app = t.app) =>
  app.request(
    '/api/auth/login',
    loginRequest({ email: staff.email, password: staff.password, ...(totp ? { totp } : {}) }),
  );

describe('the API stores TOTP secrets sealed', () => {
  it('enrolment: the pending and the confirmed secret are stored sealed, and sign-in with a code works', async () => {
    const pa = await createStaff(t.db, { email: 'enrol.pa@example.test', role: 'pa' });
    const cookie = await signIn(t.app, pa);
    const setup = (await (await t.app.request('/api/auth/totp/setup', asStaff(cookie, { method: 'POST' }))).json()) as {
      secret: string;
      uri: string;
    };
    // the secret is shown once, as it was: base32 in an otpauth URI
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    expectSealed((await stored(pa.email)).totp_pending_secret, setup.secret);
    expect((await stored(pa.email)).totp_secret).toBeNull();

    const now = Date.now();
    const confirm = await t.app.request(
      '/api/auth/totp/confirm',
      asStaff(cookie, { method: 'POST', body: { code: totpCode(setup.secret, now) } }),
    );
    expect(confirm.status).toBe(200);
    const after = await stored(pa.email);
    expectSealed(after.totp_secret, setup.secret);
    expect(after.totp_pending_secret).toBeNull();

    expect(await (await login(pa)).json()).toMatchObject({ error: { code: 'totp_required' } });
    expect((await login(pa, '000000')).status).toBe(401);
    expect((await login(pa, totpCode(setup.secret, now + 30_000))).status).toBe(200);
  });

  it('replacing the app: the current sealed secret is checked, the new one is stored sealed', async () => {
    const staff = await createStaff(t.db, {
      email: 'replace.commissioner@example.test',
      role: 'commissioner',
      totp: true,
    });
    const now = Date.now();
    const cookie = await signIn(t.app, staff, now);
    const wrong = await t.app.request(
      '/api/auth/totp/setup',
      asStaff(cookie, { method: 'POST', body: { currentCode: '123456' } }),
    );
    expect(wrong.status).toBe(400);
    const res = await t.app.request(
      '/api/auth/totp/setup',
      asStaff(cookie, { method: 'POST', body: { currentCode: totpCode(staff.totpSecret!, now + 30_000) } }),
    );
    expect(res.status).toBe(200);
    const { secret } = (await res.json()) as { secret: string };
    const row = await stored(staff.email);
    expectSealed(row.totp_pending_secret, secret);
    expectSealed(row.totp_secret, staff.totpSecret!);
  });

  it("an admin made in the app, and an admin's reset: the new secret is stored sealed and signs in", async () => {
    const admin = await createStaff(t.db, { email: 'sealing.admin@example.test', role: 'admin' });
    expectSealed((await stored(admin.email)).totp_secret, admin.totpSecret!);
    const cookie = await signIn(t.app, admin);

    const created = await t.app.request(
      '/api/auth/staff',
      asStaff(cookie, {
        method: 'POST',
        body: { email: 'new.admin@example.test', role: 'admin', password: STAFF_PASSWORD },
      }),
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { totpSecret: string; totpUri: string; staff: { id: string } };
    expect(body.totpUri).toContain(body.totpSecret);
    expectSealed((await stored('new.admin@example.test')).totp_secret, body.totpSecret);
    const newAdmin = { email: 'new.admin@example.test', password: STAFF_PASSWORD };
    const now = Date.now();
    expect((await login(newAdmin, totpCode(body.totpSecret, now))).status).toBe(200);

    const reset = await t.app.request(
      `/api/auth/staff/${body.staff.id}`,
      asStaff(cookie, { method: 'PATCH', body: { resetTotp: true } }),
    );
    expect(reset.status).toBe(200);
    const { totpSecret } = (await reset.json()) as { totpSecret: string };
    expect(totpSecret).not.toBe(body.totpSecret);
    expectSealed((await stored(newAdmin.email)).totp_secret, totpSecret);
    expect((await login(newAdmin, totpCode(body.totpSecret, now + 30_000))).status).toBe(401);
    expect((await login(newAdmin, totpCode(totpSecret, now + 30_000))).status).toBe(200);
  });

  it('a row from before sealing (plain base32) still signs in, and is sealed by that sign-in', async () => {
    const admin = await createStaff(t.db, { email: 'legacy.admin@example.test', role: 'admin', plainTotp: true });
    expect((await stored(admin.email)).totp_secret).toBe(admin.totpSecret);
    // a wrong code changes nothing
    expect((await login(admin, '000000')).status).toBe(401);
    expect((await stored(admin.email)).totp_secret).toBe(admin.totpSecret);

    const now = Date.now();
    expect((await login(admin, totpCode(admin.totpSecret!, now))).status).toBe(200);
    expectSealed((await stored(admin.email)).totp_secret, admin.totpSecret!);
    // and from the sealed row: the next code works, the used one does not
    expect((await login(admin, totpCode(admin.totpSecret!, now))).status).toBe(401);
    expect((await login(admin, totpCode(admin.totpSecret!, now + 30_000))).status).toBe(200);
  });

  it('an app with another key cannot use the secrets (a 401, not a 5xx), says why in the log, and changes nothing', async () => {
    const admin = await createStaff(t.db, { email: 'other-key.admin@example.test', role: 'admin' });
    const before = await stored(admin.email);
    const otherKey = randomBytes(32).toString('base64');
    const other = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off', TOTP_KEY: otherKey }) });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await login(admin, totpCode(admin.totpSecret!), other);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_totp' } });
      const logged = errors.mock.calls.flat().join(' ');
      expect(logged).toMatch(/cannot be opened with this key/);
      expect(logged).not.toContain(otherKey);
      expect(logged).not.toContain(admin.totpSecret);
    } finally {
      errors.mockRestore();
    }
    expect(await stored(admin.email)).toEqual(before);
    // the right key still works
    expect((await login(admin, totpCode(admin.totpSecret!))).status).toBe(200);
  });

  it("npm run demo: the demo admin's secret is stored sealed and the printed one signs in", async () => {
    const staff = await seedDemoStaff(t.db, testTotpKey());
    const admin = staff.find((s) => s.role === 'admin')!;
    expectSealed((await stored(admin.email)).totp_secret, admin.totpSecret!);
    expect((await login(admin, totpCode(admin.totpSecret!))).status).toBe(200);
  });
});

describe('start-up: plain secrets are sealed, unreadable ones counted', () => {
  it('seals plain secrets in both columns once, and counts secrets sealed under another key', async () => {
    const key = testTotpKey();
    const plain = await createStaff(t.db, { email: 'sweep.plain@example.test', role: 'admin', plainTotp: true });
    const pendingSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await t.db.query('update staff_users set totp_pending_secret = $2 where email = $1', [plain.email, pendingSecret]);
    const foreign = sealTotpSecret('JBSWY3DPEHPK3PXP', randomBytes(32));
    await createStaff(t.db, { email: 'sweep.foreign@example.test', role: 'pa' });
    await t.db.query('update staff_users set totp_secret = $2 where email = $1', [
      'sweep.foreign@example.test',
      foreign,
    ]);

    const lines: string[] = [];
    const log = { log: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const first = await prepareTotpSecrets({ TOTP_KEY: key.toString('base64'), DATA_DIR: '/nonexistent' }, t.db, log);
    expect(first).toMatchObject({ source: 'env', sealed: 2, unreadable: 1 });
    const row = await stored(plain.email);
    expectSealed(row.totp_secret, plain.totpSecret!);
    expectSealed(row.totp_pending_secret, pendingSecret);
    expect((await stored('sweep.foreign@example.test')).totp_secret).toBe(foreign);
    expect(lines.join('\n')).toMatch(
      /Sealed 2 staff TOTP secrets[\s\S]*1 staff TOTP secrets cannot be opened with the key in TOTP_KEY/,
    );
    expect(lines.join('\n')).not.toContain(key.toString('base64'));

    // a second start finds nothing plain; nothing is left plain anywhere
    expect(await sealPlainTotpSecrets(t.db, key)).toEqual({ sealed: 0, unreadable: 1 });
    const all = await t.db.query<Stored>('select totp_secret, totp_pending_secret from staff_users');
    for (const r of all) {
      for (const v of [r.totp_secret, r.totp_pending_secret])
        if (v !== null) expect(isSealedTotpSecret(v), v).toBe(true);
    }
  });
});

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
    const dir = join(root, 'key-file');
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
    const dir = join(root, 'upgrade');
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
const CLI = join(import.meta.dirname, '../../build/cli/cli.js');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', ...env };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the CLI and the key', () => {
  const root = mkdtempSync(join(tmpdir(), 'clh-totp-cli-'));
  const source = join(root, 'source');
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
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
      const [row] = await db.query<Stored>(
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
