/**
 * Sign-in throttling under concurrency: every attempt is counted in the database before its password or
 * code is checked, so a burst gets only the free tries checked (401) and the rest refused (429), on one
 * app server or on two sharing the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../api/app';
import type { Db } from '../../api/db/client';
import { defaultEnv } from '../../api/env';
import { THROTTLE } from '../../api/modules/auth/throttle';
import { totpCode } from '../../api/modules/auth/totp';
import { createStaff, loginRequest, STAFF_PASSWORD, type TestStaff } from '../helpers/staff';
import { createTestDb } from '../helpers/test-db';

type TestDb = Awaited<ReturnType<typeof createTestDb>>;
let db: TestDb;
let app: App;
let second: App;
let other: Db;

beforeAll(async () => {
  db = await createTestDb();
  const env = defaultEnv({ NODE_ENV: 'test' });
  app = createApp({ db, env });
  // a second app server: its own connection pool on the same database (PGlite: the same database)
  other = await db.connectAgain();
  second = createApp({ db: other, env });
});
afterAll(async () => {
  await other.close();
  await db.dropAll();
});

const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const login = (server: App, body: Record<string, string>, ip: string) =>
  server.request('/api/auth/login', loginRequest(body), from(ip));
/** The right password and the authenticator's code of now, as the admin themselves would sign in. */
const loginRightly = (admin: TestStaff, ip: string) =>
  login(app, { email: admin.email, password: STAFF_PASSWORD, totp: totpCode(admin.totpSecret!) }, ip);

/** Fires all attempts at once and counts the answers by status. */
async function burst(attempts: (() => Response | Promise<Response>)[]) {
  const statuses = await Promise.all(
    attempts.map(async (a) => {
      const res = await a();
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const count = (status: number) => statuses.filter((s) => s === status).length;
  return { checked: count(401), refused: count(429), other: statuses.length - count(401) - count(429) };
}

/** As if the wait and the day had passed: the account may try again from zero. */
const forget = (email: string) => db.query('delete from login_attempts where key = $1', [`email:${email}`]);

describe('a burst of 40 concurrent attempts at one account', () => {
  it('has at most 5 wrong passwords checked, then at most 5 wrong TOTP codes; the rest get 429 with Retry-After', async () => {
    const admin = await createStaff(db, { email: 'burst-admin@example.test', role: 'admin' });
    // each attempt from its own address: only the account's own count can stop them
    const passwords = await burst(
      Array.from(
        { length: 40 },
        (_, i) => () => login(app, { email: admin.email, password: `wrong password ${i}` }, `10.20.0.${i}`),
      ),
    );
    expect(passwords).toEqual({ checked: THROTTLE.emailFree, refused: 40 - THROTTLE.emailFree, other: 0 });
    // even the right password and code wait now
    const waiting = await loginRightly(admin, '10.20.1.1');
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await forget(admin.email);
    // the password is known: wrong codes are attempts too
    const codes = await burst(
      Array.from(
        { length: 40 },
        (_, i) => () =>
          login(
            app,
            { email: admin.email, password: STAFF_PASSWORD, totp: String(100000 + i * 7919).slice(0, 6) },
            `10.21.0.${i}`,
          ),
      ),
    );
    expect(codes.checked).toBeLessThanOrEqual(THROTTLE.emailFree);
    expect(codes.checked + codes.refused).toBe(40);
    expect(codes.refused).toBeGreaterThanOrEqual(40 - THROTTLE.emailFree);
    const [row] = await db.query<{ failures: number }>('select failures from login_attempts where key = $1', [
      `email:${admin.email}`,
    ]);
    expect(row!.failures).toBe(THROTTLE.emailFree);

    // after the wait, the right password and code work and clear the count
    await db.query(`update login_attempts set blocked_until = now() - interval '1 second' where key = $1`, [
      `email:${admin.email}`,
    ]);
    expect((await loginRightly(admin, '10.21.1.1')).status).toBe(200);
    expect(await db.query('select 1 from login_attempts where key = $1', [`email:${admin.email}`])).toHaveLength(0);
  });

  it('holds across two app servers on one database', async () => {
    const pa = await createStaff(db, { email: 'burst-two@example.test', role: 'pa', districts: ['E07000110'] });
    const result = await burst(
      Array.from(
        { length: 40 },
        (_, i) => () => login(i % 2 ? second : app, { email: pa.email, password: `wrong ${i}` }, `10.22.0.${i}`),
      ),
    );
    expect(result).toEqual({ checked: THROTTLE.emailFree, refused: 40 - THROTTLE.emailFree, other: 0 });
  });

  it('asking for the code is not a failure: a right password without its code gives its try back', async () => {
    const admin = await createStaff(db, { email: 'code-later@example.test', role: 'admin' });
    for (let i = 0; i < 8; i++) {
      const res = await login(app, { email: admin.email, password: STAFF_PASSWORD }, '10.23.0.1');
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('totp_required');
    }
    expect((await loginRightly(admin, '10.23.0.1')).status).toBe(200);
  });
});

describe('one client trying many accounts', () => {
  it('gets at most 20 attempts checked in a burst of 40, on two app servers, and no other client is affected', async () => {
    const result = await burst(
      Array.from(
        { length: 40 },
        (_, i) => () =>
          login(i % 2 ? second : app, { email: `nobody-${i}@example.test`, password: 'guess' }, '10.24.0.1'),
      ),
    );
    expect(result).toEqual({ checked: THROTTLE.ipFree, refused: 40 - THROTTLE.ipFree, other: 0 });
    await createStaff(db, { email: 'elsewhere@example.test', role: 'pa', districts: ['E07000110'] });
    expect((await login(app, { email: 'elsewhere@example.test', password: STAFF_PASSWORD }, '10.24.0.2')).status).toBe(
      200,
    );
  });

  it('a refusal for one key counts nothing against the other', async () => {
    const pa = await createStaff(db, { email: 'innocent@example.test', role: 'pa', districts: ['E07000110'] });
    // the client 10.24.0.1 is waiting (test above): its attempts at this account are refused …
    for (let i = 0; i < 10; i++)
      expect((await login(app, { email: pa.email, password: 'wrong' }, '10.24.0.1')).status).toBe(429);
    // … and leave the account's count untouched
    expect(
      await db.query('select failures from login_attempts where key = $1 and failures > 0', [`email:${pa.email}`]),
    ).toHaveLength(0);
    expect((await login(app, { email: pa.email, password: STAFF_PASSWORD }, '10.24.0.3')).status).toBe(200);
  });
});
