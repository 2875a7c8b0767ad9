/**
 * Staff sessions in the database. The cookie holds 256 random bits; the table holds only their
 * SHA-256, so a leaked copy of the table opens nothing. A session ends after SESSION_IDLE_MINUTES without a
 * request (30), SESSION_MAX_HOURS after sign-in whatever happens (12), at sign-out, or when the account
 * is disabled. Every sign-in makes a new session (the id changes: no session fixation).
 *
 * The cookie: HttpOnly, SameSite=Strict, Path=/. Over HTTPS it is `__Host-clh_session` with Secure (the
 * browser then refuses it from any other host or over plain HTTP). On plain-HTTP localhost (development,
 * tests) browsers drop Secure cookies, so it is `clh_session` without Secure; never serve staff that way
 * on a network: set PUBLIC_ORIGIN to an https:// origin, or TRUST_PROXY=true behind a TLS proxy.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Me } from '#contract';
import type { Queryable } from '../../db/client';
import type { Env } from '../../env';
import { isHttps } from '../../lib/security-headers';

type SessionEnv = Env;

const SECURE_NAME = '__Host-clh_session';
const PLAIN_NAME = 'clh_session';
/** last_seen_at is written at most this often: one write a minute per active person, not one per request. */
const TOUCH_EVERY_SECONDS = 60;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function secure(c: Context, env: SessionEnv): boolean {
  if (env.PUBLIC_ORIGIN?.startsWith('https:')) return true;
  return isHttps(c.req.url, c.req.header('x-forwarded-proto'), env);
}

export const sessionCookieName = (c: Context, env: SessionEnv) => (secure(c, env) ? SECURE_NAME : PLAIN_NAME);

/** The token from this request's cookie: only the cookie name that fits the scheme is read. */
export function readSessionToken(c: Context, env: SessionEnv): string | undefined {
  const token = getCookie(c, sessionCookieName(c, env));
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

export function setSessionCookie(c: Context, env: SessionEnv, token: string) {
  const isSecure = secure(c, env);
  setCookie(c, isSecure ? SECURE_NAME : PLAIN_NAME, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isSecure,
    maxAge: env.SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context, env: SessionEnv) {
  const isSecure = secure(c, env);
  deleteCookie(c, isSecure ? SECURE_NAME : PLAIN_NAME, {
    path: '/',
    secure: isSecure,
    httpOnly: true,
    sameSite: 'Strict',
  });
}

/** Starts a session for a user; returns the cookie's token. */
export async function createSession(db: Queryable, userId: string, env: SessionEnv): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(`insert into sessions (id, user_id, expires_at) values ($1, $2, now() + make_interval(hours => $3))`, [
    hashToken(token),
    userId,
    env.SESSION_MAX_HOURS,
  ]);
  return token;
}

export interface SessionUser extends Me {
  sessionId: string;
}

export type SessionLookup = { user: SessionUser } | { expired: true } | null;

/** The signed-in user for a token; an idle, too old or disabled session is deleted and reported expired. */
export async function findSession(db: Queryable, token: string, env: SessionEnv): Promise<SessionLookup> {
  const id = hashToken(token);
  const rows = await db.query<{
    user_id: string;
    email: string;
    role: Me['role'];
    districts: string[] | null;
    languages: string[] | null;
    totp_enabled: boolean;
    alive: boolean;
    stale: boolean;
  }>(
    `select s.user_id, u.email, u.role, u.districts, u.languages, u.totp_secret is not null as totp_enabled,
            (s.last_seen_at > now() - make_interval(mins => $2) and s.expires_at > now() and u.disabled_at is null) as alive,
            s.last_seen_at < now() - make_interval(secs => $3) as stale
       from sessions s join staff_users u on u.id = s.user_id
      where s.id = $1`,
    [id, env.SESSION_IDLE_MINUTES, TOUCH_EVERY_SECONDS],
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.alive) {
    await db.query('delete from sessions where id = $1', [id]);
    return { expired: true };
  }
  if (row.stale) await db.query('update sessions set last_seen_at = now() where id = $1', [id]);
  return {
    user: {
      sessionId: id,
      id: row.user_id,
      email: row.email,
      role: row.role,
      districts: row.districts,
      languages: row.languages,
      totpEnabled: row.totp_enabled,
    },
  };
}

export async function deleteSessionByToken(db: Queryable, token: string) {
  await db.query('delete from sessions where id = $1', [hashToken(token)]);
}

export async function deleteUserSessions(db: Queryable, userId: string) {
  await db.query('delete from sessions where user_id = $1', [userId]);
}

/** Ended sessions are deleted when met; this sweeps the ones never met again (called at sign-in). */
export async function deleteEndedSessions(db: Queryable, env: SessionEnv) {
  await db.query(`delete from sessions where expires_at < now() or last_seen_at < now() - make_interval(mins => $1)`, [
    env.SESSION_IDLE_MINUTES,
  ]);
}
