/** What guards staff sign-in: the second factor, throttling by email and by client, and CSRF checks. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { totpCode } from '../../api/modules/auth/totp';
import { THANET, startDashboardApp } from '../helpers/dashboard-app';
import { asStaff, createStaff, loginRequest, sessionCookieOf, signIn, STAFF_PASSWORD } from '../helpers/staff';
import { totpStep } from '../helpers/totp';

/** This file's app, started once, with its staff signed in and a report in Thanet and in Dover. */
const t = startDashboardApp();
const { addReport, req, staff, cookies } = t;

describe('second factor', () => {
  it('is required for an admin: password alone is not enough, a wrong or reused code fails', async () => {
    const admin = await createStaff(t.db, { email: 'admin2@example.test', role: 'admin' });
    const body = { email: admin.email, password: STAFF_PASSWORD };
    const none = await t.app.request('/api/auth/login', loginRequest(body));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'totp_required' } });
    expect(sessionCookieOf(none)).toBeUndefined();

    const code = totpCode(admin.totpSecret!);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: wrong }))).status).toBe(401);
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: code }))).status).toBe(200);
    // the same code a second time: refused (someone who saw it cannot use it)
    expect((await t.app.request('/api/auth/login', loginRequest({ ...body, totp: code }))).status).toBe(401);
  });

  it('can be set up by any member of staff and is then asked for', async () => {
    const pa = await createStaff(t.db, { email: 'pa2@example.test', role: 'pa' });
    const cookie = await signIn(t.app, pa);
    const setup = (await (await totpStep(t.app, cookie, 'setup')).json()) as {
      secret: string;
      uri: string;
    };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Care%20Leaver%20Hub%3Apa2%40example\.test\?secret=[A-Z2-7]+&issuer=/);
    const bad = await totpStep(t.app, cookie, 'confirm', { code: '000000' });
    expect(bad.status).toBe(400);
    const ok = await totpStep(t.app, cookie, 'confirm', { code: totpCode(setup.secret) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ totpEnabled: true });
    const res = await t.app.request('/api/auth/login', loginRequest({ email: pa.email, password: STAFF_PASSWORD }));
    expect(await res.json()).toMatchObject({ error: { code: 'totp_required' } });

    // replacing it needs a code from the app in use (a borrowed session cannot swap in its own)
    const session = ok.headers
      .getSetCookie()
      .find((h) => h.startsWith('clh_session='))!
      .split(';')[0]!;
    const without = await totpStep(t.app, session, 'setup');
    expect(without.status).toBe(400);
    const later = Date.now() + 30_000; // the next 30-second step: the confirm's own code cannot be used again
    const replaced = await totpStep(t.app, session, 'setup', { currentCode: totpCode(setup.secret, later) });
    expect(replaced.status).toBe(200);
  });

  it('comes with every admin account an admin creates', async () => {
    const res = await req('/api/auth/staff', 'admin', {
      method: 'POST',
      body: { email: 'admin3@example.test', role: 'admin' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      password: string;
      totpSecret: string;
      totpUri: string;
      staff: { totpEnabled: boolean };
    };
    expect(body.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(body.staff.totpEnabled).toBe(true);
    expect(body.totpUri).toContain(body.totpSecret);
  });
});

describe('sign-in throttling', () => {
  // each test uses its own client address (the socket address as @hono/node-server gives it)
  const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
  const attempt = (
    app: { request: typeof t.app.request },
    email: string,
    password: string,
    ip: string,
    headers: Record<string, string> = {},
  ) => app.request('/api/auth/login', loginRequest({ email, password }, headers), from(ip));

  it('answers 429 with Retry-After after 5 failures for one email, even with the right password, without locking out for good', async () => {
    const victim = await createStaff(t.db, { email: 'victim@example.test', role: 'commissioner' });
    for (let i = 0; i < 5; i++)
      expect((await attempt(t.app, victim.email, 'wrong password', `10.1.0.${i}`)).status).toBe(401);
    const blocked = await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.99');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(25);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    // the wait doubles with each further failure, and is capped
    await t.db.query(`update login_attempts set blocked_until = now() - interval '1 second' where key = $1`, [
      'email:victim@example.test',
    ]);
    expect((await attempt(t.app, victim.email, 'wrong again', '10.1.0.98')).status).toBe(401);
    const longer = await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.97');
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(longer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // once the wait is over the right password works, and clears the count
    await t.db.query(`update login_attempts set blocked_until = now() - interval '1 second' where key = $1`, [
      'email:victim@example.test',
    ]);
    expect((await attempt(t.app, victim.email, STAFF_PASSWORD, '10.1.0.96')).status).toBe(200);
    expect(await t.db.query(`select 1 from login_attempts where key = 'email:victim@example.test'`)).toHaveLength(0);
  });

  it('throttles one client trying many emails, and a forged X-Forwarded-For does not reset it', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await attempt(t.app, `nobody${i}@example.test`, 'guess', '10.2.0.1', {
        'x-forwarded-for': `203.0.113.${i}`,
      });
      expect(res.status).toBe(401);
    }
    const res = await attempt(t.app, 'pa@example.test', STAFF_PASSWORD, '10.2.0.1', {
      'x-forwarded-for': '198.51.100.7',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    // another client is not affected
    expect((await attempt(t.app, 'pa@example.test', STAFF_PASSWORD, '10.2.0.2')).status).toBe(200);
  });

  it('behind a trusted proxy counts the address the proxy saw', async () => {
    const proxied = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', TRUST_PROXY: true }) });
    for (let i = 0; i < 20; i++) {
      const res = await attempt(proxied, `someone${i}@example.test`, 'guess', '10.9.9.9', {
        'x-forwarded-for': `1.1.1.1, 192.0.2.44`,
      });
      expect(res.status).toBe(401);
    }
    // the client forging its own left-most entry is still 192.0.2.44 to us
    expect(
      (
        await attempt(proxied, 'pa@example.test', STAFF_PASSWORD, '10.9.9.9', {
          'x-forwarded-for': '8.8.8.8, 192.0.2.44',
        })
      ).status,
    ).toBe(429);
    expect(
      (await attempt(proxied, 'pa@example.test', STAFF_PASSWORD, '10.9.9.9', { 'x-forwarded-for': '192.0.2.45' }))
        .status,
    ).toBe(200);
  });

  it('says the same for an unknown email and a wrong password', async () => {
    const a = await attempt(t.app, 'nobody-at-all@example.test', 'x', '10.3.0.1');
    const b = await attempt(t.app, 'pa@example.test', 'x', '10.3.0.2');
    expect(a.status).toBe(401);
    expect(await a.json()).toEqual(await b.json());
  });
});

describe('CSRF', () => {
  it('refuses a cross-origin sign-in, JSON or not', async () => {
    const body = { email: staff.pa.email, password: STAFF_PASSWORD };
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of cases) {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'cross_origin' } });
    }
  });

  it('refuses a cross-origin status change that carries a valid session cookie', async () => {
    const id = await addReport({ district: THANET });
    const cases: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await t.app.request(`/api/dashboard/reports/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: cookies.all!, ...headers },
        body: JSON.stringify({ status: 'acknowledged' }),
      });
      expect(res.status).toBe(403);
    }
    const [row] = await t.db.query<{ status: string }>('select status from reports where id = $1', [id]);
    expect(row!.status).toBe('new');
    // the same request from our own pages goes through
    const ok = await t.app.request(`/api/dashboard/reports/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: cookies.all!, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ status: 'acknowledged' }),
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a cross-origin sign-out and staff change', async () => {
    const out = await t.app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: cookies.pa!, origin: 'https://evil.example' },
    });
    expect(out.status).toBe(403);
    expect((await t.app.request('/api/auth/me', asStaff(cookies.pa!))).status).toBe(200);
  });
});
