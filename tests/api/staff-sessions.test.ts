/** Staff sessions: the cookie, a new id at sign-in, a stored hash, idle and absolute limits, sign-out, a disabled account. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { startDashboardApp } from '../helpers/dashboard-app';
import { asStaff, createStaff, loginRequest, ORIGIN, sessionCookieOf, signIn, STAFF_PASSWORD } from '../helpers/staff';

/** This file's app, started once, with its staff signed in and a report in Thanet and in Dover. */
const t = startDashboardApp();
const { req, staff, cookies } = t;

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie on plain-HTTP localhost, without Secure', async () => {
    const res = await t.app.request(
      '/api/auth/login',
      loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
    );
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('clh_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('over HTTPS names the cookie __Host-clh_session, with Secure', async () => {
    const https = createApp({
      db: t.db,
      env: defaultEnv({ NODE_ENV: 'test', PUBLIC_ORIGIN: 'https://hub.example.test' }),
    });
    const res = await https.request('https://hub.example.test/api/auth/login', {
      ...loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
      headers: { 'content-type': 'application/json', origin: 'https://hub.example.test' },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-clh_session='))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain/);
    // the plain name is not accepted over HTTPS
    const plain = cookie.split(';')[0]!.replace('__Host-', '');
    expect((await https.request('https://hub.example.test/api/auth/me', { headers: { cookie: plain } })).status).toBe(
      401,
    );
  });

  it('changes the session id at sign-in and ends the old one', async () => {
    const first = await signIn(t.app, staff.pa);
    const res = await t.app.request('/api/auth/login', {
      ...loginRequest({ email: staff.pa.email, password: STAFF_PASSWORD }),
      headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: first },
    });
    const second = sessionCookieOf(res)!;
    expect(second).not.toBe(first);
    expect((await t.app.request('/api/auth/me', asStaff(first))).status).toBe(401);
    expect((await t.app.request('/api/auth/me', asStaff(second))).status).toBe(200);
  });

  it('stores only a hash of the token', async () => {
    const cookie = await signIn(t.app, staff.pa);
    const token = cookie.split('=')[1]!;
    expect(await t.db.query('select 1 from sessions where id = $1', [token])).toHaveLength(0);
  });

  it('ends after 30 idle minutes', async () => {
    const cookie = await signIn(t.app, staff.thanet);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(200);
    await t.db.query(`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = $1`, [
      staff.thanet.id,
    ]);
    const res = await t.app.request('/api/dashboard/summary', asStaff(cookie));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'session_expired' } });
    expect(res.headers.getSetCookie().join()).toMatch(/clh_session=;.*Max-Age=0/);
    cookies.thanet = await signIn(t.app, staff.thanet);
  });

  it('stays alive while used within 30 minutes', async () => {
    const cookie = await signIn(t.app, staff.pa);
    await t.db.query(`update sessions set last_seen_at = now() - interval '29 minutes' where user_id = $1`, [
      staff.pa.id,
    ]);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(200);
    const [row] = await t.db.query<{ fresh: boolean }>(
      `select bool_and(last_seen_at > now() - interval '1 minute') as fresh from sessions where id in (select id from sessions where user_id = $1 order by last_seen_at desc limit 1)`,
      [staff.pa.id],
    );
    expect(row!.fresh).toBe(true);
  });

  it('ends 12 hours after sign-in even when used', async () => {
    const cookie = await signIn(t.app, staff.all);
    await t.db.query(
      `update sessions set created_at = now() - interval '12 hours 1 minute', expires_at = now() - interval '1 minute' where user_id = $1`,
      [staff.all.id],
    );
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(401);
    cookies.all = await signIn(t.app, staff.all);
  });

  it('ends at sign-out, on the server: the old cookie no longer works', async () => {
    const cookie = await signIn(t.app, staff.pa);
    const out = await t.app.request('/api/auth/logout', asStaff(cookie, { method: 'POST' }));
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/clh_session=;.*Max-Age=0/);
    expect((await t.app.request('/api/auth/me', asStaff(cookie))).status).toBe(401);
  });

  it('ends when an admin disables the account', async () => {
    const temp = await createStaff(t.db, { email: 'temp@example.test', role: 'commissioner' });
    const cookie = await signIn(t.app, temp);
    const res = await req(`/api/auth/staff/${temp.id}`, 'admin', { method: 'PATCH', body: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await t.app.request('/api/dashboard/summary', asStaff(cookie))).status).toBe(401);
    const again = await t.app.request('/api/auth/login', loginRequest({ email: temp.email, password: STAFF_PASSWORD }));
    expect(again.status).toBe(401);
  });
});
