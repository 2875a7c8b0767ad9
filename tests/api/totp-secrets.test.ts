/**
 * Staff TOTP secrets are sealed at rest (api/modules/auth/totp-secrets.ts, SECURITY.md): what the API
 * writes to staff_users is never the base32 secret, sign-in opens it, rows from before sealing keep working
 * and are sealed, and another key cannot open them. totp-key.test.ts checks how the built server and the
 * CLI make, reuse and check the key.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { seedDemoStaff } from '../../api/cli/demo-seed';
import { defaultEnv } from '../../api/env';
import { totpCode } from '../../api/modules/auth/totp';
import {
  isSealedTotpSecret,
  openTotpSecret,
  prepareTotpSecrets,
  sealPlainTotpSecrets,
  sealTotpSecret,
} from '../../api/modules/auth/totp-secrets';
import {
  asStaff,
  createStaff,
  loginRequest,
  signIn,
  STAFF_PASSWORD,
  testTotpKey,
  type TestStaff,
} from '../helpers/staff';
import { totpStep } from '../helpers/totp';
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
    const setup = (await (await totpStep(t.app, cookie, 'setup')).json()) as {
      secret: string;
      uri: string;
    };
    // the secret is shown once, as it was: base32 in an otpauth URI
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    expectSealed((await stored(pa.email)).totp_pending_secret, setup.secret);
    expect((await stored(pa.email)).totp_secret).toBeNull();

    const now = Date.now();
    const confirm = await totpStep(t.app, cookie, 'confirm', { code: totpCode(setup.secret, now) });
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
    const wrong = await totpStep(t.app, cookie, 'setup', { currentCode: '123456' });
    expect(wrong.status).toBe(400);
    const res = await totpStep(t.app, cookie, 'setup', { currentCode: totpCode(staff.totpSecret!, now + 30_000) });
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
